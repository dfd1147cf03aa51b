"""Template helpers of the list pages: sortable column headers that keep the filter
in the URL, so a sorted, filtered list can be bookmarked and shared."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, field: str, label: str):
    """A column header that sorts by `field` (the OrderingFilter's parameter name),
    ascending first, descending on the second click. The current order is announced
    by aria-sort."""
    request = context["request"]
    current = request.GET.get("o", "")
    params = request.GET.copy()
    params.pop("page", None)
    if current == field:
        params["o"], state, hint = f"-{field}", "ascending", _("sorted ascending")
    elif current == f"-{field}":
        params["o"], state, hint = field, "descending", _("sorted descending")
    else:
        params["o"], state, hint = field, None, _("sort by this column")
    if state:
        return format_html(
            '<th scope="col" aria-sort="{}"><a href="?{}">{} <span class="visually-hidden">({})'
            "</span></a></th>",
            state,
            params.urlencode(),
            label,
            hint,
        )
    return format_html(
        '<th scope="col"><a href="?{}">{} <span class="visually-hidden">({})</span></a></th>',
        params.urlencode(),
        label,
        hint,
    )


@register.simple_tag(takes_context=True)
def query_without(context, *names: str) -> str:
    """The current query string without the given parameters, for links that
    change one of them."""
    params = context["request"].GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
