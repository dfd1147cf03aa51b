"""Who may do what in this app, by role; per-case rights are students.permissions'."""

from eagi_inclusion.roles import Role, has_role
from eagi_inclusion.rules import rule
from students.permissions import (
    can_assign_cases,
    can_work_on_case,
    is_centre_staff,
    is_own_case,
)

from .models import RouteCourseSection, RouteStatus

# A section's teacher has something to do while the route waits for agreement and,
# once approved, a letter to read.
TEACHING_STATUSES = [RouteStatus.AGREEMENT, RouteStatus.ACTIVE]


@rule(by_role=True)
def can_list_routes(user) -> bool:
    """The list of routes: the centre's staff and the rector's office, the student and
    their representatives (each sees only their own rows)."""
    return has_role(
        user,
        Role.SPECIALIST,
        Role.CENTRE_HEAD,
        Role.MANAGEMENT,
        Role.STUDENT,
        Role.REPRESENTATIVE,
    )


@rule(by_role=True)
def can_view_statistics(user) -> bool:
    """The centre head and the rector's office: aggregates of one academic year."""
    return has_role(user, Role.CENTRE_HEAD, Role.MANAGEMENT)


@rule(by_role=True)
def can_see_small_counts(user) -> bool:
    """Small counts can name a student: only the centre head sees them unsuppressed."""
    return has_role(user, Role.CENTRE_HEAD)


@rule(by_role=True)
def can_approve_routes(user) -> bool:
    """The rector's office reads routes waiting for approval and approves them."""
    return has_role(user, Role.MANAGEMENT)


@rule()
def can_agree_sections(user) -> bool:
    """The teacher's page of sections to agree and letters to acknowledge: teachers,
    and anyone else who teaches a course of a route (the teaching assignment decides,
    not the role)."""
    return has_role(user, Role.TEACHER) or teaches_a_section(user)


@rule()
def can_decide_section(user, section) -> bool:
    """Agreeing or returning a course's section is its teacher's own decision (the
    head may agree it on their behalf through the hand-over, not here)."""
    return user.is_authenticated and section.teacher_id == user.pk


def teaches_a_section(user) -> bool:
    return (
        user.is_authenticated
        and RouteCourseSection.objects.filter(
            teacher=user, route__status__in=TEACHING_STATUSES
        ).exists()
    )


@rule(by_role=True)
def can_hand_over_sections(user) -> bool:
    """The centre head reassigns a section to another teacher, or agrees it on the
    teacher's behalf, so that a route can always move on."""
    return can_assign_cases(user)


@rule()
def can_share_route_draft(user, route) -> bool:
    """Centre staff on the case show a draft to the student for comment (§4.4)."""
    return (
        route.status == RouteStatus.DRAFT
        and is_centre_staff(user)
        and can_work_on_case(user, route.student)
    )


@rule()
def can_comment_on_route(user, route) -> bool:
    """The student and representatives comment on a draft shown to them."""
    return (
        route.status == RouteStatus.DRAFT
        and route.shared_at is not None
        and is_own_case(user, route.student)
    )


@rule()
def can_acknowledge_route(user, route) -> bool:
    """The student and representatives acknowledge the approved route in force."""
    return route.status == RouteStatus.ACTIVE and is_own_case(user, route.student)
