"""#32: with the session and the signed-in user read from the shared cache, signing
out, a password change, a role change and deactivation still take effect on the very
next request of every session of that person, in another app process. Two runserver
processes on this test's database (both databases: each pass runs it) share one real
redis-server; the account changes an administrator makes in the admin are made here,
by this process, through the same models and the same cache."""

import time

import pytest
import redis
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from eagi_inclusion.environment import cache_from_url
from eagi_inclusion.roles import Role
from students.models import User
from students.notifications import Kind, notify
from tests import factories as f
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import this_tests_database_url
from tests.instance import DEMO_TOTP_KEY, Browser, serve, totp_now

SECRET = "a-secret-both-processes-share-for-this-test-only-2026"


@pytest.fixture
def two_processes(reference_data, redis_url, tmp_path, settings):
    redis.Redis.from_url(redis_url).flushdb()
    settings.CACHES = {"default": cache_from_url(redis_url, tmp_path)}
    from tests.conftest import demo_instance_env

    env = demo_instance_env(
        tmp_path,
        DATABASE_URL=this_tests_database_url(),
        CACHE_URL=redis_url,
        SECRET_KEY=SECRET,
        CONN_MAX_AGE="0",
    )
    # The suite's own checks cover the code; the processes start without them.
    servers = [serve(env, tmp_path, name, checks=False) for name in ("first", "second")]
    yield [url for _server, _log, url in servers]
    for server, log, _url in servers:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _person(username: str, role: str) -> User:
    """An account with the password hashed as production hashes it (the suite's own
    hasher is faster, and unknown to the app processes)."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = f.UserFactory(username=username, role=role)
    hasher = Argon2PasswordHasher()
    user.password = hasher.encode(DEFAULT_PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def _in(browser: Browser, base: str) -> Browser:
    """The same browser (its cookies) talking to the other process."""
    other = Browser(base)
    other.jar, other.opener = browser.jar, browser.opener
    return other


def _signed_in(browser: Browser, path: str = "/students/") -> bool:
    status, url, _body = browser.get(path)
    return status == 200 and "/accounts/login/" not in url


def _sign_in(base: str, user: User, *, totp: bool = False) -> Browser:
    browser = Browser(base)
    status, url, _body = browser.submit(
        "/accounts/login/", {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert status == 200 and "/accounts/login/" not in url, (url, _body[-3000:])
    if totp:
        status, url, _body = browser.submit("/accounts/otp/", {"otp_token": totp_now()})
        assert status == 200 and "/accounts/otp/" not in url, url
    return browser


def _post(browser: Browser, path: str, data: dict | None = None):
    token = next(c.value for c in browser.jar if c.name == "csrftoken")
    return browser.post(path, {"csrfmiddlewaretoken": token, **(data or {})})


def _main(browser: Browser) -> str:
    status, _url, body = browser.get("/")
    assert status == 200
    return body.split("<main", 1)[1].split("</main>", 1)[0]


def test_account_changes_reach_every_session_through_the_other_process(two_processes):
    first, second = two_processes
    specialist = _person("spec-two", Role.SPECIALIST)
    TOTPDevice.objects.create(user=specialist, name="phone", key=DEMO_TOTP_KEY.hex())
    student = _person("stud-two", Role.STUDENT)

    # Signed in through the first process, working through the second (a cached entry).
    at_first = _sign_in(first, specialist, totp=True)
    at_second = _in(at_first, second)
    assert _signed_in(at_second) and _signed_in(at_second)

    # The home page, kept in the cache under the data version (#32): a write through
    # either process, or this one, shows on the next visit in the other.
    unread = "/notifications/"
    assert unread not in _main(at_second) and unread not in _main(at_second)
    notify([specialist], Kind.LINKS_IMPORTED, url="/", count=3)
    assert unread in _main(at_second) and unread in _main(at_second)
    status, _url, _body = _post(at_first, "/notifications/read/")
    assert status == 200
    assert unread not in _main(at_second)

    # A role taken away: the next request in the other process is refused.
    specialist.groups.remove(Group.objects.get(name=Role.SPECIALIST))
    status, _url, _body = at_second.get("/students/")
    assert status == 403
    specialist.groups.add(Group.objects.get(name=Role.SPECIALIST))
    assert _signed_in(at_second)

    # Deactivated: signed out at once.
    specialist.is_active = False
    specialist.save()
    assert not _signed_in(at_second, "/")

    # Two sessions of a student; a password change through the first process ends the
    # other session in the second process, and keeps the one that changed it.
    one = _sign_in(first, student)
    other = _sign_in(first, student)
    assert _signed_in(_in(other, second), "/")
    new_password = f"{DEFAULT_PASSWORD}-changed-{int(time.time())}"
    status, url, _body = _post(
        one,
        "/accounts/password_change/",
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert status == 200 and "password_change/done" in url, url
    assert not _signed_in(_in(other, second), "/")
    assert _signed_in(_in(one, second), "/")

    # Signing out through the first process: the same cookie is refused by the second.
    cookie = next(c for c in one.jar if c.name == "sessionid")
    _post(one, "/accounts/logout/")
    one.jar.set_cookie(cookie)  # as if the browser had kept it
    assert not _signed_in(_in(one, second), "/")
