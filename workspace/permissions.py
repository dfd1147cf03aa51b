"""What each person's home page holds, as rules (eagi_inclusion/rules.py) over the
apps' own: the home view asks these, never a role."""

from eagi_inclusion.roles import Role, has_role
from eagi_inclusion.rules import rule
from routes.selectors import taught_route_ids
from students.permissions import can_list_students, has_global_case_access


@rule(by_role=True)
def can_start_from_own_students(user) -> bool:
    """Specialists and teachers start from the students they may see; the head, who
    sees every case, starts from the centre's figures."""
    return can_list_students(user) and not has_global_case_access(user)


@rule(by_role=True)
def can_follow_own_family(user) -> bool:
    """The student and their representatives follow the student's own case."""
    return has_role(user, Role.STUDENT, Role.REPRESENTATIVE)


@rule(by_role=True)
def can_follow_applications(user) -> bool:
    """Applicants follow their applications; specialists their cases' applications."""
    return has_role(user, Role.STUDENT, Role.REPRESENTATIVE, Role.TEACHER, Role.SPECIALIST)


@rule(by_role=True)
def can_keep_case_deadlines(user) -> bool:
    """A specialist's own deadlines (the head has the centre's queue instead)."""
    return has_role(user, Role.SPECIALIST) and not has_global_case_access(user)


@rule()
def can_agree_beside_centre_work(user) -> bool:
    """A specialist who also teaches a course agrees its section like any teacher."""
    return (
        has_role(user, Role.SPECIALIST)
        and not has_role(user, Role.TEACHER)
        and bool(taught_route_ids(user))
    )
