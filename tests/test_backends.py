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
