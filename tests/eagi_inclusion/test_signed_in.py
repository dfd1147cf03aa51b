"""#32: the floor of a signed-in page (the session, the user with roles and permissions,
the two-factor device) comes from the cache without a query, and each write that
changes what is kept makes the next request read it again (eagi_inclusion/signed_in.py,
sessions.py). In one process here; tests/eagi_inclusion/test_signed_in_processes.py
holds the same across two app processes sharing a Redis cache."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eagi_inclusion import facts
from eagi_inclusion.backends import ModelBackendOneQuery
from eagi_inclusion.roles import Role, user_roles
from eagi_inclusion.sessions import SessionStore
from students.models import User
from tests.conftest import totp_device

pytestmark = pytest.mark.django_db


def _load(user):
    """The user as the next request signs them in, and how many queries that took."""
    with facts.request_scope(), CaptureQueriesContext(connection) as queries:
        signed_in = ModelBackendOneQuery().get_user(user.pk)
        roles = user_roles(signed_in) if signed_in else None
    return signed_in, roles, len(queries)


def _fields(user):
    return {f.attname: getattr(user, f.attname) for f in User._meta.concrete_fields}


@pytest.mark.parametrize("fixture", ["specialist", "student", "administrator"])
def test_the_kept_user_is_the_user_the_database_gives(request, fixture):
    """Equivalence: fields, roles, permissions and the device, kept and read afresh."""
    user = request.getfixturevalue(fixture)
    device = totp_device(user)
    user.user_permissions.add(Permission.objects.get(codename="view_breach"))
    fresh, fresh_roles, read = _load(user)
    kept, kept_roles, none = _load(user)
    assert read > 0 and none == 0
    assert _fields(kept) == _fields(fresh) == _fields(User.objects.get(pk=user.pk))
    assert kept_roles == fresh_roles == frozenset(user.groups.values_list("name", flat=True))
    expected = ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))
    assert kept.get_all_permissions() == fresh.get_all_permissions() == expected
    assert kept.eagi_devices == {device.persistent_id: device}
    assert kept._state.adding is False and kept._state.db == "default"


def _stale_after(user, change) -> bool:
    """True when `change()` makes the next request read the user from the database."""
    _load(user)
    assert _load(user)[2] == 0  # kept
    change()
    return _load(user)[2] > 0


def test_each_write_that_changes_the_user_is_seen_on_the_next_request(
    specialist, other_specialist, centre_head
):
    group = Group.objects.get(name=Role.SPECIALIST)
    breach = Permission.objects.get(codename="view_breach")
    device = totp_device(specialist)

    def save_password():
        specialist.set_password("another-password-2026")
        specialist.save()

    def deactivate():
        User.objects.filter(pk=specialist.pk).update(is_active=False)

    changes = {
        "password": save_password,
        "role removed": lambda: specialist.groups.remove(group),
        "role added from the group's side": lambda: group.user_set.add(specialist),
        "group emptied": lambda: group.user_set.clear(),
        "role back": lambda: specialist.groups.add(group),
        "own permission": lambda: specialist.user_permissions.add(breach),
        "the role's permissions": lambda: group.permissions.add(breach),
        "device unconfirmed": lambda: (setattr(device, "confirmed", False), device.save()),
        "device removed": device.delete,
        "bulk update (deactivation)": deactivate,
    }
    for name, change in changes.items():
        assert _stale_after(specialist, change), name
    assert _load(specialist)[0] is None  # deactivated: signed out

    # Someone else's change leaves this entry alone.
    _load(centre_head)
    other_specialist.first_name = "Дана"
    other_specialist.save()
    assert _load(centre_head)[2] == 0


def test_the_new_roles_arrive_with_the_next_request(specialist):
    _load(specialist)
    specialist.groups.set([Group.objects.get(name=Role.CENTRE_HEAD)])
    kept, roles, _queries = _load(specialist)
    assert roles == {Role.CENTRE_HEAD}
    assert kept.has_perm("students.view_all_cases")


def test_an_entry_read_before_the_commit_is_stale_after_it(
    specialist, django_capture_on_commit_callbacks
):
    """The token is replaced again when the write commits: an entry another request
    stamped in between (it read the row before the commit) is not used."""
    _load(specialist)
    with django_capture_on_commit_callbacks(execute=True):
        specialist.first_name = "Әсел"
        specialist.save()
        _load(specialist)  # a request in between keeps an entry
        assert _load(specialist)[2] == 0
    kept, _roles, queries = _load(specialist)
    assert queries > 0 and kept.first_name == "Әсел"


def test_the_floor_runs_no_query(client, specialist, student, settings):
    """The empty signed-in page: session, user, roles, the verified device, the
    two-factor check and the headers, from the cache."""
    settings.ROOT_URLCONF = "bench.urls"
    for person in (specialist, student):
        client.force_login(person)
        assert client.get("/bench/signed-in/").status_code == 200  # fills the cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/bench/signed-in/")
        assert response.status_code == 200, person
        assert [q["sql"] for q in queries] == [], person
        assert response.wsgi_request.user.pk == person.pk


def test_a_signed_out_session_is_not_brought_back_by_a_request_that_read_it_before(client, student):
    """One request of a session reads it from the database while another signs it
    out: the first one's copy does not reach the cache, so the session stays out."""
    client.force_login(student)
    key = client.session.session_key
    SessionStore(key).delete()  # nothing in the cache: the next reads the database
    client.force_login(student)
    key = client.session.session_key
    SessionStore()._cache.delete(SessionStore.cache_key_prefix + key)
    slow = SessionStore(key)
    read_row = slow._get_session_from_db

    def read_then_sign_out():
        row = read_row()
        SessionStore(key).delete()  # the other request signs out here
        return row

    slow._get_session_from_db = read_then_sign_out
    assert slow.load()  # the slow request had read the session before
    assert SessionStore(key).load() == {}  # everyone after: signed out
    assert client.get("/").wsgi_request.user.is_anonymous


def test_a_save_that_races_a_sign_out_leaves_it_signed_out(client, student):
    client.force_login(student)
    key = client.session.session_key
    session = SessionStore(key)
    session["note"] = "renewed"
    cache = session._cache
    real_set = cache.set

    def sign_out_first(cache_key, *args, **kwargs):
        if cache_key == session.cache_key and args and args[0] != "eagi:signed-out":
            SessionStore(key).delete()  # lands between the row's update and this
        return real_set(cache_key, *args, **kwargs)

    cache.set = sign_out_first
    try:
        session.save()
    finally:
        del cache.set
    assert SessionStore(key).load() == {}
    assert client.get("/").wsgi_request.user.is_anonymous
