"""Who may use which of the support pages, by role; per-case rights are
students.permissions'."""

from eagi_inclusion.roles import STAFF_ROLES, Role, has_role
from eagi_inclusion.rules import rule
from students.permissions import is_teacher


def works_as_teacher(user) -> bool:
    """Teachers record their consultations and adaptation checks on their sections."""
    return is_teacher(user)


@rule(by_role=True)
def can_attend_training(user) -> bool:
    """Seminars on inclusive education: any staff member attends and sees their own."""
    return has_role(user, *STAFF_ROLES)


@rule("follow_own_support", by_role=True)
def follows_own_support(user) -> bool:
    """The student and their legal representative follow the student's own support."""
    return has_role(user, Role.STUDENT, Role.REPRESENTATIVE)
