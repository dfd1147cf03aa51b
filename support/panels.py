"""What this app adds to a student's case page (students/panels.py)."""

from django.utils.translation import gettext_lazy as _

from students.panels import CaseAction, register_case_action


def register() -> None:
    register_case_action(CaseAction("sessions", 50, _("Support sessions"), "support:sessions"))
