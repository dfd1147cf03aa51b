"""Closing routes that the case or the calendar has ended: the daily job closes the
routes whose period is over; archiving a case closes its route in force."""

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Route, RouteStatus
from .common import RouteError
from .routes import route_close


def close_on_archive(*, student, actor) -> None:
    """An archived case has no route in force (students.services.case_archive): the
    head who archives it closes it, with the reason in the route's history."""
    for route in Route.objects.filter(student=student, status=RouteStatus.ACTIVE):
        with translation.override(actor.language or None):
            comment = _("The case is archived.")
        route_close(route=route, actor=actor, comment=comment)


def close_ended_routes(actor_username: str) -> int:
    """Close every route in force whose academic period has ended (daily: the command
    and the task of the same name), recorded as closed by the given centre head."""
    user = get_user_model().objects.filter(username=actor_username, is_active=True).first()
    if user is None:
        raise RouteError(f"No active user {actor_username!r}.")
    ended = Route.objects.filter(
        status=RouteStatus.ACTIVE, period__ends_on__lt=timezone.localdate()
    )
    closed = 0
    for route in ended.iterator():
        with translation.override(user.language):
            comment = _("The academic period has ended.")
        route_close(route=route, actor=user, comment=comment)
        closed += 1
    return closed
