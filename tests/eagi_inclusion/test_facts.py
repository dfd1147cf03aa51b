"""What a request reads about its user is remembered for that request only, in one
request-scoped object (eagi_inclusion/facts.py), never on the User object."""

import pytest
from django.urls import reverse

from eagi_inclusion import facts
from eagi_inclusion.roles import Role, user_roles
from students.permissions import case_permissions, forget_case_permissions

pytestmark = pytest.mark.django_db


def test_a_scope_reads_each_fact_once_and_the_next_scope_reads_it_again(
    specialist, case, django_assert_num_queries
):
    before = set(vars(specialist))
    with facts.request_scope():
        with django_assert_num_queries(2):
            assert user_roles(specialist) == {Role.SPECIALIST}
            assert case_permissions(specialist, case) == {
                "view_case",
                "work_on_case",
                "view_case_health",
            }
            assert user_roles(specialist) == {Role.SPECIALIST}
            assert "view_case" in case_permissions(specialist, case)
        forget_case_permissions(specialist)
        with django_assert_num_queries(1):  # the roles are kept, the case is read again
            case_permissions(specialist, case)
            user_roles(specialist)
    with facts.request_scope(), django_assert_num_queries(1):
        user_roles(specialist)
    # Outside a scope nothing is remembered: each call reads.
    with django_assert_num_queries(2):
        user_roles(specialist)
        user_roles(specialist)
    assert set(vars(specialist)) == before


def test_a_role_taken_away_is_gone_on_the_very_next_request(client, centre_head, specialist, case):
    client.force_login(specialist)
    url = reverse("students:student-detail", args=[case.pk])
    assert client.get(url).status_code == 200
    specialist.groups.clear()
    assert client.get(url).status_code == 404
