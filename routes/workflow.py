"""The route's states, the one transition table, and who may take each action."""

from django.utils.translation import gettext_lazy as _

from eagi_inclusion.roles import Role, has_role
from students.permissions import can_assign_cases, can_work_on_case

from .models import RouteStatus as S

# (status, action) -> new status
TRANSITIONS = {
    (S.DRAFT, "send_for_agreement"): S.AGREEMENT,
    (S.AGREEMENT, "all_agreed"): S.APPROVAL,
    (S.AGREEMENT, "return"): S.DRAFT,
    (S.APPROVAL, "approve"): S.ACTIVE,
    (S.APPROVAL, "return"): S.DRAFT,
    (S.ACTIVE, "close"): S.CLOSED,
    (S.ACTIVE, "supersede"): S.SUPERSEDED,
}

ACTIONS = {
    "send_for_agreement": _("Send for agreement"),
    "approve": _("Approve"),
    "return": _("Return for revision"),
    "close": _("Close the route"),
}


def next_status(status: str, action: str) -> str | None:
    return TRANSITIONS.get((status, action))


def _may(user, route, action) -> bool:
    if action == "send_for_agreement":
        return can_work_on_case(user, route.student)
    if action == "approve":
        return has_role(user, Role.MANAGEMENT) and user.has_perm("routes.approve_route")
    if action == "return":
        # In agreement a teacher returns through their own section (section_return);
        # in approval the rector's office returns the whole route.
        return route.status == S.APPROVAL and has_role(user, Role.MANAGEMENT)
    if action == "close":
        return can_assign_cases(user)
    return False


def available_actions(route, user) -> list[tuple[str, str]]:
    """The (action, label) pairs this user may take on the route now."""
    return [
        (action, label)
        for action, label in ACTIONS.items()
        if next_status(route.status, action) is not None and _may(user, route, action)
    ]


def may(user, route, action) -> bool:
    return next_status(route.status, action) is not None and _may(user, route, action)
