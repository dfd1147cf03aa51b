"""The student's part in their route (regulation §4.4): the centre shows the draft to
the student and representatives before it goes to the teachers, they comment on it,
and they acknowledge the approved route. Each step is a row of the route's history
(RouteDecision, append-only): the comments stay with the route."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications
from ..models import Route, RouteDecision, RouteStatus
from ..permissions import can_acknowledge_route, can_comment_on_route, can_share_route_draft
from .common import RouteError, _require_consent, _require_open_case, require_signature_unless

COMMENT_MAX = 2000


def _locked(route) -> Route:
    return Route.objects.select_for_update().select_related("student").get(pk=route.pk)


@transaction.atomic
def route_share(*, route, actor) -> Route:
    """Show the draft to the student and representatives; a second click changes
    nothing."""
    route = _locked(route)
    _require_open_case(route.student)
    _require_consent(route.student)
    if not can_share_route_draft(actor, route):
        raise RouteError(_("Centre staff on the case show a draft to the student."))
    if route.shared_at is None:
        route.shared_at = timezone.now()
        route.save(update_fields=["shared_at"])
        RouteDecision.objects.create(
            route=route,
            actor=actor,
            from_status=route.status,
            to_status=route.status,
            event=RouteDecision.Event.SHARED,
        )
        notifications.route_shared(route, actor)
    return route


@transaction.atomic
def route_comment(*, route, actor, text: str) -> RouteDecision:
    """The student's or a representative's comment on the draft shown to them."""
    route = _locked(route)
    _require_open_case(route.student)
    _require_consent(route.student)
    if not can_comment_on_route(actor, route):
        raise RouteError(
            _(
                "Comments are taken on a draft the centre has shown you, until it goes to "
                "the teachers."
            )
        )
    text = text.strip()
    if not text or len(text) > COMMENT_MAX:
        raise RouteError(_("Write a comment of up to %(max)s characters.") % {"max": COMMENT_MAX})
    decision = RouteDecision.objects.create(
        route=route,
        actor=actor,
        from_status=route.status,
        to_status=route.status,
        event=RouteDecision.Event.STUDENT_COMMENT,
        comment=text,
    )
    notifications.route_heard(route, actor, notifications.ROUTE_COMMENTED)
    return decision


@transaction.atomic
def route_acknowledge(*, route, actor, signed: bool = False) -> RouteDecision:
    """The student or a representative has read the approved route: once each.
    `signed`: with ЭЦП, by routes/signing.py (#31)."""
    route = _locked(route)
    if not can_acknowledge_route(actor, route):
        raise RouteError(
            _("The route in force is acknowledged by the student or a representative.")
        )
    require_signature_unless(signed, "route_acknowledge")
    done = route.decisions.filter(actor=actor, event=RouteDecision.Event.ACKNOWLEDGED).first()
    if done is not None:
        return done
    decision = RouteDecision.objects.create(
        route=route,
        actor=actor,
        from_status=RouteStatus.ACTIVE,
        to_status=RouteStatus.ACTIVE,
        event=RouteDecision.Event.ACKNOWLEDGED,
    )
    notifications.route_heard(route, actor, notifications.ROUTE_ACKNOWLEDGED)
    return decision
