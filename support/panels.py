"""What this app adds to a student's case page (students/panels.py): the link to the
support sessions and to the technical aids, and the aids on the staff's documents tab
and on the student's own page."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from students.panels import (
    CASE_FILE,
    DOCUMENTS_TAB,
    OWN_PAGE,
    CaseAction,
    CasePanel,
    register_case_action,
    register_case_panel,
)

from .aids import DUE_FIRST, aids_of
from .models import TechnicalAid


def _all_loans(student) -> dict:
    """Every loan of the student, what is out first: one query."""
    return {"loans": list(aids_of(student)), "today": timezone.localdate()}


def _loans_out(student) -> dict:
    """What the student holds now: one query."""
    loans = TechnicalAid.objects.filter(student=student, returned_on__isnull=True)
    return {"loans": list(loans.order_by(DUE_FIRST, "pk")), "today": timezone.localdate()}


def register() -> None:
    register_case_action(CaseAction("sessions", 50, _("Support sessions"), "support:sessions"))
    # Shown on an archived case too: an aid comes back whatever becomes of the case.
    register_case_action(CaseAction("aids", 55, _("Technical aids"), "support:aids-case"))
    register_case_panel(
        CasePanel("support-aids", DOCUMENTS_TAB, 40, "support/case_panels/aids.html", _all_loans)
    )
    register_case_panel(
        CasePanel(
            "support-case-file-aids",
            CASE_FILE,
            40,
            "support/case_panels/aids_in_file.html",
            _all_loans,
        )
    )
    register_case_panel(
        CasePanel("support-own-aids", OWN_PAGE, 40, "support/case_panels/own_aids.html", _loans_out)
    )
