"""The object-permission checks read django-guardian's table by hand, for speed
(students/permissions.case_permissions, students/selectors.staff_case_ids). Over the
fixture cast they must give the answers guardian itself gives (get_perms,
get_objects_for_user, ObjectPermissionBackend.has_perm): assigned, unassigned,
reassigned, on other people's cases, and for every role."""

import pytest
from guardian.shortcuts import get_objects_for_user, get_perms

from eagi_inclusion.roles import Role, user_roles
from students.models import Student
from students.permissions import (
    CASE_PERMISSIONS,
    can_view_health,
    can_work_on_case,
    case_permissions,
    forget_case_permissions,
)
from students.selectors import staff_case_ids
from students.services import case_assign, case_unassign
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(
    case,
    other_case,
    specialist,
    other_specialist,
    centre_head,
    management,
    registry,
    administrator,
    student,
    representative,
    teacher,
):
    third = f.StudentFactory()
    # Reassigned: the other specialist takes over the first case and gives it back;
    # the first specialist also works on the third case.
    case_assign(student=case, specialist=other_specialist, actor=centre_head)
    case_unassign(student=case, specialist=other_specialist, actor=centre_head)
    case_assign(student=third, specialist=specialist, actor=centre_head)
    people = [
        specialist,
        other_specialist,
        centre_head,
        management,
        registry,
        administrator,
        student,
        representative,
        teacher,
    ]
    return people, [case, other_case, third]


def _fresh(user):
    forget_case_permissions(user)
    user.__dict__.pop("_perm_cache", None)  # Django's own cache (ModelBackend)
    return user


def test_case_permissions_are_guardians_object_permissions(cast):
    people, cases = cast
    compared = 0
    for user in people:
        for student in cases:
            _fresh(user)
            assert case_permissions(user, student) == frozenset(get_perms(user, student)), (
                user.username,
                student.pk,
            )
            compared += 1
    assert compared == 27
    # The cast is not trivial: someone holds every permission an assignment grants.
    specialist, cases = people[0], cases
    assert case_permissions(_fresh(specialist), cases[0]) == frozenset(CASE_PERMISSIONS)


def test_a_specialists_cases_are_guardians_objects_for_user(cast):
    people, _cases = cast
    for user in people:
        _fresh(user)
        by_guardian = set(
            get_objects_for_user(
                user,
                "students.view_case",
                klass=Student,
                with_superuser=False,
                accept_global_perms=False,
            ).values_list("pk", flat=True)
        )
        ours = set(staff_case_ids(user))
        if Role.SPECIALIST in user_roles(user):
            assert ours == by_guardian, user.username
        else:
            # Only specialists hold assignments; nobody else may have any either.
            assert ours == set() == by_guardian, user.username
    assert len(staff_case_ids(_fresh(people[0]))) == 2


def test_health_and_work_checks_agree_with_guardians_backend(cast):
    people, cases = cast
    for user in people:
        for student in cases:
            _fresh(user)
            guardian_health = user.has_perm("students.view_case_health", student)
            guardian_work = user.has_perm("students.work_on_case", student)
            if user.has_perm("students.view_all_cases"):
                # The head reads every case by role, a model permission guardian's
                # object check does not see: ours says yes on every case.
                assert can_view_health(user, student) and can_work_on_case(user, student)
            else:
                assert can_view_health(user, student) == guardian_health, user.username
                assert can_work_on_case(user, student) == guardian_work, user.username
