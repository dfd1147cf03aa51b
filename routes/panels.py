"""What this app adds to a student's case page (students/panels.py): the staff's
documents tab, the student's own routes, and the links of "Work on the case"."""

from django.utils.translation import gettext_lazy as _

from students.panels import (
    DOCUMENTS_TAB,
    OWN_PAGE,
    CaseAction,
    CasePanel,
    register_case_action,
    register_case_panel,
)
from students.permissions import can_assign_cases

from .models import Assessment, Conclusion, MeetingProtocol, Route


def _documents(student) -> dict:
    """Every route version, assessment, conclusion and protocol: four queries."""
    return {
        "routes": list(
            Route.objects.filter(student=student)
            .select_related("period__academic_year")
            .order_by("-created_at")
        ),
        "assessments": list(
            Assessment.objects.filter(student=student).select_related("specialist")
        ),
        "conclusions": list(
            Conclusion.objects.filter(student=student).select_related("register_entry")
        ),
        "protocols": list(
            MeetingProtocol.objects.filter(student=student).select_related("register_entry")
        ),
    }


def _own_routes(student) -> dict:
    """The approved routes and a draft shown to the student, newest first: one query."""
    routes = Route.objects.filter(student=student).select_related("period__academic_year")
    return {"routes": list(routes.seen_by_the_student().order_by("-created_at"))}


def _may_archive(user, student) -> bool:
    return can_assign_cases(user) and not student.archived_at


def _open(user, student) -> bool:
    """Work that changes the case: not on an archived one (it is read-only)."""
    return not student.archived_at


def register() -> None:
    register_case_panel(
        CasePanel(
            "routes-documents", DOCUMENTS_TAB, 10, "routes/case_panels/documents.html", _documents
        )
    )
    register_case_panel(
        CasePanel("routes-own", OWN_PAGE, 10, "routes/case_panels/own_routes.html", _own_routes)
    )
    for action in (
        CaseAction("assessment", 10, _("Record an assessment"), "routes:assessment-create", _open),
        CaseAction("conclusion", 20, _("Draft a conclusion"), "routes:conclusion-create", _open),
        CaseAction("protocol", 30, _("Record a team meeting"), "routes:protocol-create", _open),
        CaseAction("route", 40, _("Draft a route"), "routes:route-create", _open),
        CaseAction("case-file", 60, _("Personal case file"), "routes:case-file"),
        CaseAction("archive", 70, _("Archive the case"), "routes:case-archive", _may_archive),
    ):
        register_case_action(action)
