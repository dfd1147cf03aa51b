"""What the route app's services share: the refusal classes and the checks that
the actor may work on the case and that the case is still open."""

from django.utils.translation import gettext as _

from eagi_inclusion.errors import DomainError
from students.consents import processing_stopped, stopped_reason
from students.permissions import can_work_on_case, is_archived, is_centre_staff
from students.services import ARCHIVED


class RouteError(DomainError):
    """A refused action; the message is shown to the user."""


class RouteConflict(RouteError):
    """Someone else saved the same record since this form was opened."""


def _require_case_work(actor, student) -> None:
    _require_open_case(student)  # the reasons that hold for everyone come first
    _require_consent(student)
    if not (is_centre_staff(actor) and can_work_on_case(actor, student)):
        raise RouteError(_("Only centre staff working on this case may do this."))


def _require_consent(student) -> None:
    """Processing that needs the student's consent stops when it is withdrawn."""
    withdrawn = processing_stopped(student)
    if withdrawn is not None:
        raise RouteError(stopped_reason(withdrawn))


def _require_open_case(student) -> None:
    if is_archived(student):
        raise RouteError(str(ARCHIVED))


def require_signature_unless(signed: bool, decision: str) -> None:
    """A decision the institution requires to be signed with ЭЦП is refused as a click
    (Institution.ecp_policy; documents/signing.py takes it signed)."""
    from documents.ecp import REQUIRED, policy

    if not signed and policy(decision) == REQUIRED:
        raise RouteError(_("This decision is taken with ЭЦП here: use “Sign with ЭЦП”."))
