"""Who may see and touch a case. Three ways that never mix (docs/access-model.md):

1. assignment: django-guardian object permissions on the Student row, granted by
   `case_assign` and revoked by `case_unassign`;
2. relation: the student themself, their legal representative, the teachers of
   their group in the current period (derived from CourseAssignment, never stored);
3. role: the centre head's model permission `students.view_all_cases`.

Superusers get no shortcut here: they administer the system, not cases.
"""

from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from eagi_inclusion import facts
from eagi_inclusion.roles import Role, has_role
from eagi_inclusion.rules import rule

from .models import StudentUserObjectPermission

# What an assignment grants on the case.
CASE_PERMISSIONS = ("view_case", "work_on_case", "view_case_health")


def has_global_case_access(user) -> bool:
    """The centre head: every case, by role. Read once per request
    (eagi_inclusion.facts): Django asks every authentication backend each time."""
    return facts.remember(
        user,
        "global_case_access",
        lambda: (
            user.is_active and not user.is_superuser and user.has_perm("students.view_all_cases")
        ),
    )


def case_permissions(user, student) -> frozenset[str]:
    """The object permissions an assignment granted this user on this case: one
    query, remembered for the rest of the request (eagi_inclusion.facts). Read from
    the direct table, so a superuser gets no more than what was granted."""

    return facts.remember(
        user,
        f"case_permissions:{student.pk}",
        lambda: frozenset(
            StudentUserObjectPermission.objects.filter(
                user=user, content_object=student
            ).values_list("permission__codename", flat=True)
        ),
    )


def remember_case_access(user, student, permissions: frozenset, emergency: bool) -> None:
    """Prime the request's facts with what a view already read with the student."""
    facts.prime(user, f"case_permissions:{student.pk}", permissions)
    facts.prime(user, f"emergency_access:{student.pk}", emergency)


def forget_case_permissions(user) -> None:
    """After an assignment or an emergency access changed: everything this request
    read about the user's cases is read again."""
    roles = facts.recall(user, "roles")
    facts.forget(user)
    if roles is not None:
        facts.prime(user, "roles", roles)


def has_emergency_access(user, student) -> bool:
    """A granted, unexpired "break the glass" access to this case (remembered for
    the request)."""

    if not user.is_authenticated or not user.is_active:
        return False
    return facts.remember(
        user,
        f"emergency_access:{student.pk}",
        lambda: student.emergency_accesses.filter(
            user=user, expires_at__gt=timezone.now()
        ).exists(),
    )


@rule()
def can_view_health(user, student) -> bool:
    """Health information: centre staff assigned to the case, the centre head, and an
    emergency access while it lasts."""
    if not user.is_authenticated or not user.is_active:
        return False
    if has_emergency_access(user, student):
        return True
    if has_global_case_access(user) and user.has_perm("students.view_case_health"):
        return True
    return "view_case_health" in case_permissions(user, student)


def is_archived(student) -> bool:
    """An archived case is read-only: every service that changes it refuses."""
    return student.archived_at is not None


@rule()
def is_own_case(user, student) -> bool:
    """The student themself, or one of their legal representatives: the second read
    once per request (eagi_inclusion.facts)."""
    if not user.is_authenticated:
        return False
    if student.user_id == user.pk:
        return True
    return facts.remember(
        user,
        f"represents:{student.pk}",
        lambda: student.representatives.filter(user=user).exists(),
    )


@rule()
def can_work_on_case(user, student) -> bool:
    if not user.is_authenticated or not user.is_active or is_archived(student):
        return False
    if has_global_case_access(user):
        return True
    return "work_on_case" in case_permissions(user, student)


@rule()
def can_read_case_as_staff(user, student) -> bool:
    """Centre staff on the case (or the head) may read it, archived or not; so may an
    administrator or head during an emergency access."""
    if not user.is_authenticated or not user.is_active:
        return False
    if has_emergency_access(user, student):
        return True
    if not is_centre_staff(user):
        return False
    return has_global_case_access(user) or "view_case" in case_permissions(user, student)


@rule("break_the_glass")
def may_break_the_glass(user) -> bool:
    """Emergency access to health data is for the centre's own staff (the head and
    the specialists), as health data is; never the administrator, who manages
    accounts and catalogues and is not one of them."""
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and has_role(user, Role.CENTRE_HEAD, Role.SPECIALIST)
    )


@rule(by_role=True)
def can_assign_cases(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.has_perm("students.assign_case")
    )


def grant_case_permissions(user, student) -> None:
    for codename in CASE_PERMISSIONS:
        assign_perm(f"students.{codename}", user, student)
    forget_case_permissions(user)


def revoke_case_permissions(user, student) -> None:
    for codename in CASE_PERMISSIONS:
        remove_perm(f"students.{codename}", user, student)
    forget_case_permissions(user)


@rule("work_in_the_centre", by_role=True)
def is_centre_staff(user) -> bool:
    return has_role(user, Role.SPECIALIST, Role.CENTRE_HEAD)


@rule("teach", by_role=True)
def is_teacher(user) -> bool:
    return has_role(user, Role.TEACHER)


@rule(by_role=True)
def can_list_students(user) -> bool:
    """The student list: centre staff and teachers (each sees only their own rows)."""
    return has_role(user, Role.SPECIALIST, Role.CENTRE_HEAD, Role.TEACHER)


@rule(by_role=True)
def can_list_applications(user) -> bool:
    """The list of applications: those who apply, and the centre's staff (each sees
    only their own rows)."""
    return has_role(
        user, Role.STUDENT, Role.REPRESENTATIVE, Role.TEACHER, Role.SPECIALIST, Role.CENTRE_HEAD
    )


@rule(by_role=True)
def can_apply(user) -> bool:
    """A student for themself, a representative, a teacher for a student they teach."""
    return has_role(user, Role.STUDENT, Role.REPRESENTATIVE, Role.TEACHER)


@rule(by_role=True)
def can_apply_for_myself(user) -> bool:
    """A student applies for their own record."""
    return has_role(user, Role.STUDENT)


@rule(by_role=True)
def can_give_consent(user) -> bool:
    """The student and their legal representatives give and withdraw consent."""
    return has_role(user, Role.STUDENT, Role.REPRESENTATIVE)


@rule()
def can_read_supporting_documents(user) -> bool:
    """Certificates attached to an application hold health information: a teacher who
    submitted the application still may not download them; centre staff may."""
    return not is_teacher(user) or is_centre_staff(user)


@rule(by_role=True)
def can_register_paper_applications(user) -> bool:
    return has_role(user, Role.REGISTRY)


@rule(by_role=True)
def can_set_health_roles(user) -> bool:
    """Who gives and takes the roles that open health data: the centre head, never a
    superuser (students.accounts.health_role_set)."""
    return not user.is_superuser and has_role(user, Role.CENTRE_HEAD)


@rule(by_role=True)
def can_import_from_sis(user) -> bool:
    """Imports from the student information system: the administrator."""
    return has_role(user, Role.ADMINISTRATOR)
