"""Who may use which of the support pages, by role; per-case rights are
students.permissions'."""

from eagi_inclusion.roles import STAFF_ROLES, Role, has_role
from eagi_inclusion.rules import rule
from students.permissions import (
    can_assign_cases,
    can_work_on_case,
    case_permissions,
    is_centre_staff,
    is_teacher,
)


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


@rule(by_role=True)
def can_list_aids(user) -> bool:
    """Technical aids out and overdue: the head all, a specialist their cases'."""
    return is_centre_staff(user)


@rule()
def can_lend_aids(user, student) -> bool:
    """Centre staff on the case lend an aid, while the case is open."""
    return can_work_on_case(user, student)


@rule()
def can_take_aids_back(user, student) -> bool:
    """Centre staff on the case (the head on any) take an aid back, archived case or
    not: the Institute's property comes back whatever becomes of the case."""
    if not is_centre_staff(user):
        return False
    return can_assign_cases(user) or "work_on_case" in case_permissions(user, student)


@rule(by_role=True)
def can_record_awareness_events(user) -> bool:
    """Awareness events for students and staff (§3.4, §3.5): the head of the centre."""
    return can_assign_cases(user)
