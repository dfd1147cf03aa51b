"""django-filter pieces shared by every app's lists."""

import django_filters
from django.forms.utils import pretty_name
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's OrderingFilter with its "(descending)" labels translated when
    the page is drawn: the stock one formats them once, when the module is imported,
    in whatever language was active then, so they stayed English in kk and ru."""

    def build_choices(self, fields, labels):
        choices = []
        for field, param in fields.items():
            label = labels.get(field, pretty_name(param))
            descending = labels.get(f"-{param}") or format_lazy(
                _("{label} (descending)"), label=label
            )
            choices += [(param, label), (f"-{param}", descending)]
        return choices
