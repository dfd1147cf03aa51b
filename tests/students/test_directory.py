"""#21: sign-in with the Institute's directory, against a real OpenLDAP server (slapd,
installed by the test command, started here with a throwaway database)."""

import contextlib
import os
import shutil
import subprocess
import time
from io import StringIO
from pathlib import Path

import ldap
import ldap.modlist
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from eagi_inclusion import settings as settings_module
from eagi_inclusion.roles import Role
from students.accounts import password_link_send
from students.directory import deactivate_directory_leavers
from students.models import User
from tests.conftest import current_code, totp_device
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import free_port as _free_port

BASE = "dc=eagi,dc=test"
ADMIN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "throwaway-admin"
PASSWORD = "Directory-password-1"
TEACHERS = f"cn=teachers,ou=groups,{BASE}"
SPECIALISTS = f"cn=centre-specialists,ou=groups,{BASE}"
STUDENTS = f"cn=students,ou=groups,{BASE}"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {folder}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{admin}"
rootpw {password}
directory {folder}/data
"""


class Directory:
    """The running slapd, and what a directory administrator does to it."""

    def __init__(self, uri: str):
        self.uri = uri
        self.connection = ldap.initialize(uri, bytes_mode=False)
        self.connection.simple_bind_s(ADMIN, ADMIN_PASSWORD)

    def add(self, dn: str, **attributes) -> None:
        entry = {
            key: [value.encode()] if isinstance(value, str) else [v.encode() for v in value]
            for key, value in attributes.items()
        }
        self.connection.add_s(dn, ldap.modlist.addModlist(entry))

    def person(self, uid: str, given: str, surname: str, mail: str) -> str:
        dn = f"uid={uid},ou=people,{BASE}"
        self.add(
            dn,
            objectClass=["inetOrgPerson"],
            uid=uid,
            cn=f"{given} {surname}",
            givenName=given,
            sn=surname,
            mail=mail,
            userPassword=PASSWORD,
        )
        return dn

    def join(self, group: str, dn: str) -> None:
        self.connection.modify_s(group, [(ldap.MOD_ADD, "member", [dn.encode()])])

    def leave(self, group: str, dn: str) -> None:
        self.connection.modify_s(group, [(ldap.MOD_DELETE, "member", [dn.encode()])])

    def remove(self, dn: str) -> None:
        for group in (TEACHERS, SPECIALISTS, STUDENTS):
            with contextlib.suppress(ldap.NO_SUCH_ATTRIBUTE):
                self.leave(group, dn)
        self.connection.delete_s(dn)


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    if not shutil.which("slapd") and not Path("/usr/sbin/slapd").exists():
        pytest.fail("slapd is missing: scripts/test.sh installs it (Debian package slapd)")
    folder = tmp_path_factory.mktemp("slapd")
    (folder / "data").mkdir()
    config = folder / "slapd.conf"
    config.write_text(CONFIG.format(folder=folder, base=BASE, admin=ADMIN, password=ADMIN_PASSWORD))
    uri = f"ldap://127.0.0.1:{_free_port()}/"
    server = subprocess.Popen(
        [shutil.which("slapd") or "/usr/sbin/slapd", "-f", str(config), "-h", uri, "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                directory = Directory(uri)
                break
            except ldap.SERVER_DOWN:
                if server.poll() is not None:
                    pytest.fail(f"slapd did not start: {server.stderr.read().decode()}")
                time.sleep(0.1)
        else:
            pytest.fail("slapd did not answer")
        directory.add(BASE, objectClass=["dcObject", "organization"], dc="eagi", o="EAGI")
        for unit in ("people", "groups"):
            directory.add(f"ou={unit},{BASE}", objectClass=["organizationalUnit"], ou=unit)
        # groupOfNames needs a member: the directory's own administrator holds the place.
        for group in (TEACHERS, SPECIALISTS, STUDENTS):
            name = group.split(",")[0].removeprefix("cn=")
            directory.add(group, objectClass=["groupOfNames"], cn=name, member=ADMIN)
        yield directory
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def directory(slapd, settings, monkeypatch, db):
    """The app configured for the directory exactly as a deployment would be: the LDAP_*
    variables read by the settings module."""
    environment = {
        "LDAP_SERVER_URI": slapd.uri,
        "LDAP_BIND_DN": ADMIN,
        "LDAP_BIND_PASSWORD": ADMIN_PASSWORD,
        "LDAP_USER_SEARCH_BASE": f"ou=people,{BASE}",
        "LDAP_GROUP_SEARCH_BASE": f"ou=groups,{BASE}",
        "LDAP_GROUP_FILTER": "(objectClass=groupOfNames)",
        "LDAP_ROLE_GROUPS": (f"teacher={TEACHERS};specialist={SPECIALISTS};student={STUDENTS}"),
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    for name, value in settings_module.directory_settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "students.directory.DirectoryBackend",
        "eagi_inclusion.backends.ModelBackendOneQuery",
        "guardian.backends.ObjectPermissionBackend",
    ]
    created = []
    original_person = slapd.person

    def person(uid, *args):
        dn = original_person(uid, *args)
        created.append(dn)
        return dn

    slapd.person = person
    yield slapd
    slapd.person = original_person
    for dn in created:
        with contextlib.suppress(ldap.NO_SUCH_OBJECT):
            slapd.remove(dn)


def _sign_in(username: str, password: str = PASSWORD) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def test_a_directory_teacher_signs_in_gets_the_role_and_still_needs_a_code(directory):
    dn = directory.person("a.teacher", "Асель", "Нурланова", "a.teacher@eagi.test")
    directory.join(TEACHERS, dn)
    assert not User.objects.filter(username="a.teacher").exists()

    client, response = _sign_in("a.teacher")

    assert response.status_code == 302
    user = User.objects.get(username="a.teacher")
    assert (user.first_name, user.last_name, user.email) == (
        "Асель",
        "Нурланова",
        "a.teacher@eagi.test",
    )
    assert set(user.groups.values_list("name", flat=True)) == {Role.TEACHER}
    assert user.directory_dn == dn and not user.has_usable_password()
    # Staff confirm every sign-in with a second factor, directory or not.
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("otp-verify"))
    totp_device(user)
    client, _ = _sign_in("a.teacher")
    assert client.get(reverse("home")).url.startswith(reverse("otp-verify"))
    client.post(reverse("otp-verify"), {"otp_token": current_code(user)})
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_or_an_unknown_person_is_refused(directory):
    dn = directory.person("b.student", "Бекзат", "Серіков", "b.student@eagi.test")
    directory.join(STUDENTS, dn)
    _, response = _sign_in("b.student", "not-the-password")
    assert response.status_code == 200 and "_auth_user_id" not in _.session
    _, response = _sign_in("nobody.here")
    assert response.status_code == 200
    assert not User.objects.filter(username__in=["b.student", "nobody.here"]).exists()


def test_health_roles_are_only_proposed_and_the_head_gives_them(directory, centre_head, client):
    dn = directory.person("c.spec", "Сая", "Омарова", "c.spec@eagi.test")
    directory.join(SPECIALISTS, dn)
    directory.join(TEACHERS, dn)

    _sign_in("c.spec")

    user = User.objects.get(username="c.spec")
    assert set(user.groups.values_list("name", flat=True)) == {Role.TEACHER}
    assert user.directory_roles_proposed == [Role.SPECIALIST]
    head = client
    head.force_login(centre_head)
    page = head.get(reverse("students:staff-roles")).content.decode()
    assert "c.spec" in page and "Омарова" in page
    response = head.post(
        reverse("students:staff-roles"),
        {"username": "c.spec", "role": Role.SPECIALIST, "grant": "give"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert Role.SPECIALIST in set(user.groups.values_list("name", flat=True))
    assert user.directory_roles_proposed == []

    # Signing in again keeps the head's decision; leaving the directory group ends it.
    _sign_in("c.spec")
    assert Role.SPECIALIST in set(user.groups.values_list("name", flat=True))
    directory.leave(SPECIALISTS, dn)
    directory.leave(TEACHERS, dn)
    _sign_in("c.spec")
    assert set(user.groups.values_list("name", flat=True)) == set()


def test_an_existing_account_is_linked_by_e_mail_and_loses_its_local_password(directory):
    local = UserFactory(username="d.local", email="d.same@eagi.test", role=Role.STUDENT)
    dn = directory.person("d.directory", "Дана", "Ахметова", "d.same@eagi.test")
    directory.join(STUDENTS, dn)

    _sign_in("d.directory")

    assert User.objects.filter(email="d.same@eagi.test").count() == 1
    local.refresh_from_db()
    assert local.directory_dn == dn and not local.has_usable_password()
    _, response = _sign_in("d.local", DEFAULT_PASSWORD)
    assert response.status_code == 200  # the old local password no longer opens it
    # Nor can a local one be made: the administrator's link is not sent, and a reset
    # request sends nothing.
    assert password_link_send(local) is False
    Client().post(reverse("password_reset"), {"email": "d.same@eagi.test"})
    assert mail.outbox == []


def test_a_person_removed_from_the_directory_cannot_sign_in_and_is_deactivated(directory):
    dn = directory.person("e.leaver", "Ерлан", "Жаксы", "e.leaver@eagi.test")
    directory.join(STUDENTS, dn)
    stays = directory.person("e.stays", "Ерке", "Сұлтан", "e.stays@eagi.test")
    directory.join(STUDENTS, stays)
    client, response = _sign_in("e.leaver")
    assert response.status_code == 302
    _sign_in("e.stays")

    directory.remove(dn)

    _, response = _sign_in("e.leaver")
    assert response.status_code == 200
    out = StringIO()
    call_command("sync_directory", stdout=out)  # the daily timer's command
    assert "Deactivated 1 account(s): e.leaver" in out.getvalue()
    assert not User.objects.get(username="e.leaver").is_active
    assert User.objects.get(username="e.stays").is_active
    # Its open session ends with the account.
    assert client.get(reverse("home")).status_code == 302


def test_a_directory_that_cannot_be_reached_deactivates_nobody(directory, settings):
    dn = directory.person("f.person", "Фариза", "Әли", "f.person@eagi.test")
    directory.join(STUDENTS, dn)
    _sign_in("f.person")
    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{_free_port()}/"
    with pytest.raises(ldap.SERVER_DOWN):
        deactivate_directory_leavers()
    assert User.objects.get(username="f.person").is_active


def test_local_accounts_still_sign_in_beside_the_directory(directory):
    local = UserFactory(username="g.local", role=Role.STUDENT)
    _, response = _sign_in("g.local", DEFAULT_PASSWORD)
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.directory_dn == "" and local.has_usable_password()


def test_without_a_directory_no_directory_backend_is_configured(monkeypatch):
    monkeypatch.delenv("LDAP_SERVER_URI", raising=False)
    assert settings_module.directory_settings() == {}
    monkeypatch.setenv("LDAP_SERVER_URI", "ldap://127.0.0.1:1/")
    monkeypatch.setenv("LDAP_USER_SEARCH_BASE", "ou=people,dc=x")
    monkeypatch.setenv("LDAP_GROUP_TYPE", "novell")
    with pytest.raises(Exception, match="LDAP_GROUP_TYPE"):
        settings_module.directory_settings()
    assert os.environ["LDAP_SERVER_URI"]
