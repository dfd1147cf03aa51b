"""The one-query permission backend gives exactly what Django's ModelBackend gives."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from eagi_inclusion.backends import ModelBackendOneQuery
from students.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["head", "spec", "stud", "rector", "clerk", "sysadmin"])
def test_same_permissions_as_django(request, username, django_assert_num_queries):
    fixture = {
        "head": "centre_head",
        "spec": "specialist",
        "stud": "student",
        "rector": "management",
        "clerk": "registry",
        "sysadmin": "administrator",
    }[username]
    user = request.getfixturevalue(fixture)
    user.user_permissions.add(Permission.objects.get(codename="view_breach"))
    expected = ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))
    fresh = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert ModelBackendOneQuery().get_all_permissions(fresh) == expected
    assert expected  # every role has some permission in this data


def test_superusers_and_inactive_users(centre_head):
    centre_head.is_superuser = True
    assert ModelBackendOneQuery().get_all_permissions(centre_head) == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.all()
    }
    inactive = User.objects.get(pk=centre_head.pk)
    inactive.is_active = False
    assert ModelBackendOneQuery().get_all_permissions(inactive) == set()


@pytest.mark.parametrize("username", ["head", "spec", "stud", "rector", "clerk", "sysadmin"])
def test_signed_in_user_arrives_with_roles_and_permissions(
    request, username, django_assert_num_queries
):
    """The user a request signs in with carries their roles and permissions: the same
    as reading them separately. Read from the database (the cache has no entry yet):
    on PostgreSQL they come with the one query that loads the user (array subqueries),
    SQLite falls back to a query each for the user, the roles and the permissions;
    plus one for the confirmed two-factor devices. Then the same from the cache, with
    no query (eagi_inclusion/signed_in.py)."""
    from eagi_inclusion import facts
    from eagi_inclusion.roles import user_roles

    fixture = {
        "head": "centre_head",
        "spec": "specialist",
        "stud": "student",
        "rector": "management",
        "clerk": "registry",
        "sysadmin": "administrator",
    }[username]
    user = request.getfixturevalue(fixture)
    user.user_permissions.add(Permission.objects.get(codename="view_breach"))
    expected_permissions = ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))
    expected_roles = frozenset(user.groups.values_list("name", flat=True))
    from django.db import connection

    # As in a request, whose facts (eagi_inclusion/facts.py) keep the roles read with
    # the user.
    for queries in (2 if connection.vendor == "postgresql" else 4, 0):
        with facts.request_scope(), django_assert_num_queries(queries):
            signed_in = ModelBackendOneQuery().get_user(user.pk)
            assert user_roles(signed_in) == expected_roles
            assert signed_in.get_all_permissions() >= expected_permissions
            assert signed_in.has_perm("documents.view_breach")
        assert signed_in.get_all_permissions() == expected_permissions


def test_get_user_refuses_inactive_and_unknown(centre_head):
    User.objects.filter(pk=centre_head.pk).update(is_active=False)
    assert ModelBackendOneQuery().get_user(centre_head.pk) is None
    assert ModelBackendOneQuery().get_user(999_999) is None
