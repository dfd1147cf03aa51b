"""What the route app's services share: the refusal classes and the checks that
the actor may work on the case and that the case is still open."""

from django.utils.translation import gettext as _

from eagi_inclusion.errors import DomainError
from students.permissions import can_work_on_case, is_archived, is_centre_staff


class RouteError(DomainError):
    """A refused action; the message is shown to the user."""


class RouteConflict(RouteError):
    """Someone else saved the same record since this form was opened."""


def _require_case_work(actor, student) -> None:
    _require_open_case(student)  # the reason that holds for everyone comes first
    if not (is_centre_staff(actor) and can_work_on_case(actor, student)):
        raise RouteError(_("Only centre staff working on this case may do this."))


def _require_open_case(student) -> None:
    if is_archived(student):
        raise RouteError(_("The case is archived: it can be read but no longer changed."))
