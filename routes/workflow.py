"""The states of routes, conclusions and protocols: one transition table each, and
who may take each action. Services refuse what the table does not allow; pages offer
what `available_actions` (routes) or `conclusion_actions`/`protocol_actions` return."""

from django.utils.translation import gettext_lazy as _

from eagi_inclusion.roles import Role, has_role
from students.permissions import can_assign_cases, can_work_on_case, is_archived

from .models import Conclusion, DocumentStatus
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
    if is_archived(route.student):
        return False  # an archived case is read-only, its routes too
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


# --- Conclusions and protocols ---------------------------------------------------------
D = DocumentStatus

# (status, action) -> the status after it. A correction leaves the issued conclusion as
# it is and starts a new draft version that supersedes it.
CONCLUSION_TRANSITIONS = {
    (D.DRAFT, "edit"): D.DRAFT,
    (D.DRAFT, "submit"): D.DRAFT,  # sent to the head; still a draft until issued
    (D.DRAFT, "issue"): D.ISSUED,
    (D.ISSUED, "correct"): D.ISSUED,
}
PROTOCOL_TRANSITIONS = {
    (D.DRAFT, "sign"): D.ISSUED,
}


def conclusion_allows(status: str, action: str) -> bool:
    return (status, action) in CONCLUSION_TRANSITIONS


def protocol_allows(status: str, action: str) -> bool:
    return (status, action) in PROTOCOL_TRANSITIONS


def conclusion_actions(conclusion, user) -> frozenset[str]:
    """What this user may do with the conclusion now (the page is for the case's
    centre staff already): edit a draft, send it to the head (a specialist, once),
    issue it (the head), correct an issued one that has no corrected version yet;
    nothing on an archived case."""
    allowed = set()
    if is_archived(conclusion.student):
        return frozenset()
    if conclusion_allows(conclusion.status, "edit"):
        allowed.add("edit")
    if (
        conclusion_allows(conclusion.status, "submit")
        and conclusion.submitted_at is None
        and not can_assign_cases(user)
        and can_work_on_case(user, conclusion.student)
    ):
        allowed.add("submit")
    if conclusion_allows(conclusion.status, "issue") and can_assign_cases(user):
        allowed.add("issue")
    if (
        conclusion_allows(conclusion.status, "correct")
        and not Conclusion.objects.filter(supersedes=conclusion).exists()
    ):
        allowed.add("correct")
    return frozenset(allowed)


def protocol_actions(protocol, user) -> frozenset[str]:
    """The chair signs a draft protocol (not on an archived case)."""
    if (
        protocol_allows(protocol.status, "sign")
        and protocol.chair_id == user.pk
        and not is_archived(protocol.student)
    ):
        return frozenset({"sign"})
    return frozenset()
