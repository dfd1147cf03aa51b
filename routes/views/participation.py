"""The student's part in their route (routes/services/participation.py). Who may:

- show a draft to the student: centre staff on the case (others who see the route 403,
  the rest 404);
- comment on it: the student and representatives, while the shown draft is a draft
  (after that they are sent back to the route with a sentence saying why);
- acknowledge the approved route: the student and representatives, once each.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import services
from ..permissions import can_acknowledge_route, can_comment_on_route
from ..services.participation import COMMENT_MAX
from .common import form_page
from .routes import route_level, visible_route


class RouteCommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "What should change, or what is missing: the specialist reads it before the "
            "route goes to your teachers. It stays in the route's history."
        ),
    )


def _refused(request, route, error):
    messages.error(request, str(error))
    return redirect(route.get_absolute_url())


@require_POST
@login_required
def route_share(request, pk):
    route = visible_route(request, pk)
    if route_level(request.user, route) != "staff":
        raise PermissionDenied
    try:
        services.route_share(route=route, actor=request.user)
    except services.RouteError as error:
        return _refused(request, route, error)
    messages.success(request, _("The student and their representatives can read the draft now."))
    return redirect(route.get_absolute_url())


@login_required
def route_comment(request, pk):
    route = visible_route(request, pk)
    if route_level(request.user, route) != "own":
        raise PermissionDenied
    if not can_comment_on_route(request.user, route):
        return _refused(
            request, route, _("Comments are taken on a draft, until it goes to the teachers.")
        )
    form = RouteCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.route_comment(route=route, actor=request.user, text=form.cleaned_data["text"])
        except services.RouteError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your comment is with the specialist."))
            return redirect(route.get_absolute_url())
    return form_page(request, _("Comment on the draft route"), form, route.get_absolute_url())


@require_POST
@login_required
def route_acknowledge(request, pk):
    route = visible_route(request, pk)
    if route_level(request.user, route) != "own":
        raise PermissionDenied
    if not can_acknowledge_route(request.user, route):
        return _refused(request, route, _("Only the route in force is acknowledged."))
    services.route_acknowledge(route=route, actor=request.user)
    messages.success(request, _("Noted: you have read the route."))
    return redirect(route.get_absolute_url())
