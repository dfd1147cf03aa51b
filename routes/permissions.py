"""Who may do what in this app, by role; per-case rights are students.permissions'."""

from eagi_inclusion.roles import Role, has_role


def can_view_statistics(user) -> bool:
    """The centre head and the rector's office: aggregates of one academic year."""
    return has_role(user, Role.CENTRE_HEAD, Role.MANAGEMENT)


def can_see_small_counts(user) -> bool:
    """Small counts can name a student: only the centre head sees them unsuppressed."""
    return has_role(user, Role.CENTRE_HEAD)


def can_approve_routes(user) -> bool:
    """The rector's office reads routes waiting for approval and approves them."""
    return has_role(user, Role.MANAGEMENT)


def can_agree_sections(user) -> bool:
    """The teacher's page of sections to agree and letters to acknowledge."""
    return has_role(user, Role.TEACHER)
