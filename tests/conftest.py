"""A cast of users by role, and a case that `specialist` is assigned to.

specialist / other_specialist — centre specialists; only `specialist` works on `case`.
teacher teaches a course to the group of `case`; other_teacher teaches another group.
student owns `case`; other_student owns `other_case`; representative represents `case`.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from eagi_inclusion.roles import Role, requires_two_factor, sync_roles
from students.services import case_assign

from . import factories as f
from .access_world import world  # noqa: F401 - the access matrices' fixture

TEST_TOTP_KEY = "48656c6c6f21deadbeef"  # base32 JBSWY3DPEHPK3PXP, as in seed_demo


def totp_device(user) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"key": TEST_TOTP_KEY, "confirmed": True}
    )
    return device


def current_code(user) -> str:
    """The code an authenticator app would show now. Each code is accepted once, so
    a test signing the same person in twice lets the device accept it again."""
    from django_otp.oath import totp

    device = totp_device(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key):06d}"


class SignedInClient(Client):
    """force_login as after both steps: password and, for staff, the TOTP code."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if requires_two_factor(user):
            device = totp_device(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


# Debian's Chromium for every Playwright test (tests/browser, and the Chromium-printed
# PDFs of the upload checks): Playwright cannot download its own browsers here.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("EAGI_CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def client():
    return SignedInClient()


@pytest.fixture
def pages(client, django_assert_num_queries):
    """A page's queries counted at one size, then asserted exactly at the next
    (tests/helpers.py, Pages)."""
    from .helpers import Pages

    return Pages(client, django_assert_num_queries)


@pytest.fixture(autouse=True)
def verify_compiled_queries(settings):
    """Every kept query is compiled again and compared with what was kept
    (eagi_inclusion.compiled): the suite is its equivalence test. The kept queries
    outlive each test on purpose: the next test's rows reuse the same ids with other
    data, and a key that misses something the query reads fails there."""
    settings.COMPILED_QUERIES_VERIFY = True


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Deliberately slow hashing is for production; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def demo_seal(tmp_path_factory):
    """Every issued PDF is sealed: by a certificate authority made for this test run
    (processes the tests start, e.g. runserver, inherit it through the environment)."""
    from pathlib import Path

    from django.conf import settings

    from documents.seal import make_demo_seal

    path = make_demo_seal(Path(tmp_path_factory.mktemp("seal")) / "demo-seal.p12")
    previous = settings.SEAL_DEMO_PKCS12, os.environ.get("SEAL_DEMO_PKCS12")
    settings.SEAL_DEMO_PKCS12 = os.environ["SEAL_DEMO_PKCS12"] = str(path)
    yield path
    settings.SEAL_DEMO_PKCS12 = previous[0]
    if previous[1] is None:
        os.environ.pop("SEAL_DEMO_PKCS12", None)
    else:
        os.environ["SEAL_DEMO_PKCS12"] = previous[1]


@pytest.fixture(scope="session")
def nca_centre(tmp_path_factory):
    """A test national certification centre (tests/pki.py): root, intermediate, OCSP,
    CRLs and a timestamping authority on loopback ports, for the whole run."""
    from tests.pki import TestCentre

    centre = TestCentre(tmp_path_factory.mktemp("nca"))
    yield centre
    centre.close()


@pytest.fixture
def nca(nca_centre, settings):
    """ЭЦП on: the deployment trusts the test centre and timestamps with its TSA."""
    settings.ECP_TRUST_ROOTS = [str(nca_centre.roots_pem)]
    settings.ECP_TSA_URL = nca_centre.tsa_url
    settings.ECP_OCSP_URL = ""
    nca_centre.ocsp_answers = nca_centre.crl_answers = True
    yield nca_centre
    nca_centre.ocsp_answers = nca_centre.crl_answers = True


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached filter choices must not outlive the rows of the test that made them.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_runtest_setup(item):
    """`@pytest.mark.postgresql("why")`: a test of something SQLite does not have.
    `@pytest.mark.once("why", run_in="sqlite")`: a test that sets up its own database
    or servers (the start path, the documented commands); when scripts/test.sh runs
    both passes (EAGI_BOTH_PASSES) it runs in the one named (PostgreSQL by default),
    so the two passes take about as long as each other."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    this_pass = "postgresql" if engine == "postgresql" else "sqlite"
    marker = item.get_closest_marker("postgresql")
    if marker is not None and this_pass != "postgresql":
        pytest.skip(f"PostgreSQL only: {marker.args[0]}")
    marker = item.get_closest_marker("once")
    if marker is not None and os.environ.get("EAGI_BOTH_PASSES"):
        wanted = marker.kwargs.get("run_in", "postgresql")
        if wanted != this_pass:
            pytest.skip(f"runs in the {wanted} pass: {marker.args[0]}")


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server", "reference_data"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _sqlite_flush_passes_the_append_only_triggers(request):
    """A transactional test ends with Django's flush, which empties every table. On
    PostgreSQL that is TRUNCATE, which row triggers do not see; on SQLite it is DELETE,
    which the append-only triggers refuse. Raise the disposal flag for the flush (after
    this fixture's teardown) and lower it before the next such test."""
    if not _transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    from documents.append_only import SQLITE_FLAG_TABLE

    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SQLITE_FLAG_TABLE}")  # noqa: S608
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SQLITE_FLAG_TABLE} (active) VALUES (1)")  # noqa: S608


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    # Uploads of a test go to its own folder, never to the developer's var/media.
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def period(db):
    return f.AcademicPeriodFactory()


@pytest.fixture
def centre_head(db):
    return f.UserFactory(username="head", role=Role.CENTRE_HEAD)


@pytest.fixture
def specialist(db):
    return f.UserFactory(username="spec", role=Role.SPECIALIST)


@pytest.fixture
def other_specialist(db):
    return f.UserFactory(username="spec2", role=Role.SPECIALIST)


@pytest.fixture
def management(db):
    return f.UserFactory(username="rector", role=Role.MANAGEMENT)


@pytest.fixture
def registry(db):
    return f.UserFactory(username="clerk", role=Role.REGISTRY)


@pytest.fixture
def administrator(db):
    user = f.UserFactory(username="sysadmin", role=Role.ADMINISTRATOR)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def unit(db):
    from students.models import Unit

    return Unit.objects.create(
        code="facilities", name_kk="Шаруашылық бөлімі", name_ru="Хозяйственный отдел"
    )


@pytest.fixture
def unit_staff(unit):
    """A member of a structural unit's staff (the unit role, scoped to `unit`)."""
    user = f.UserFactory(username="facilities", role=Role.UNIT)
    user.unit = unit
    user.save(update_fields=["unit"])
    return user


@pytest.fixture
def student(db):
    return f.UserFactory(username="stud", role=Role.STUDENT)


@pytest.fixture
def other_student(db):
    return f.UserFactory(username="stud2", role=Role.STUDENT)


@pytest.fixture
def representative(db):
    return f.UserFactory(username="parent", role=Role.REPRESENTATIVE)


@pytest.fixture
def case(student, specialist, centre_head, representative):
    record = f.StudentFactory(user=student)
    f.HealthProfileFactory(student=record)
    record.representatives.create(
        user=representative, last_name="Нұрланов", first_name="Серік", relation="father"
    )
    case_assign(student=record, specialist=specialist, actor=centre_head)
    return record


@pytest.fixture
def other_case(other_student, other_specialist, centre_head):
    record = f.StudentFactory(user=other_student)
    f.HealthProfileFactory(student=record, notes="Other confidential note OX-1111")
    case_assign(student=record, specialist=other_specialist, actor=centre_head)
    return record


@pytest.fixture
def teacher(case, period):
    assignment = f.CourseAssignmentFactory(group=case.study_group, period=period)
    return assignment.teacher


@pytest.fixture
def other_teacher(period):
    return f.CourseAssignmentFactory(period=period).teacher


# A transactional test ends with a flush that empties every table: the reference rows
# the migrations filled are made again, the catalogue entries by their data migration
# (with the historical models, exactly as `migrate` did) and the roles by the same
# function the migrations call (eagi_inclusion.roles.sync_roles).
DATA_MIGRATIONS = [("students", "0002_reference_data_search_and_roles", "catalogues")]


@pytest.fixture(scope="session")
def _migration_state_apps(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loader = MigrationLoader(connection)
        return loader.project_state().apps


@pytest.fixture
def reference_data(transactional_db, _migration_state_apps):
    with connection.schema_editor() as editor:
        for app_label, name, function in DATA_MIGRATIONS:
            module = importlib.import_module(f"{app_label}.migrations.{name}")
            getattr(module, function)(_migration_state_apps, editor)
    sync_roles(_migration_state_apps)


@pytest.fixture(scope="session")
def demo_instance_template(tmp_path_factory):
    """An instance set up as the README's start path sets one up — `migrate`,
    `compilemessages`, `seed_demo`, as commands on a fresh SQLite file — made once per
    run. Tests that need an instance of their own start from a copy of it
    (`copy_demo_instance`), instead of each migrating and seeding again.

    scripts/test.sh runs two passes at once and names a folder both see
    (EAGI_SHARED_TEMPLATES, emptied at its start): the first pass to need the instance
    makes it there, under a lock, and the other copies the same one. The instance is
    SQLite in both passes, so it is the same whichever pass makes it."""
    import fcntl

    shared = os.environ.get("EAGI_SHARED_TEMPLATES")
    if not shared:
        folder = tmp_path_factory.mktemp("demo-template")
        _make_demo_instance(folder)
        return folder
    folder = Path(shared) / "demo-instance"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / "demo-instance.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other pass waits while this one makes it
        if not (folder / "made").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a half-made one, from a failure
            folder.mkdir()
            _make_demo_instance(folder)
            (folder / "made").touch()
    return folder


def _make_demo_instance(folder: Path) -> None:
    import subprocess
    import sys

    env = demo_instance_env(folder)
    manage = [sys.executable, str(Path(__file__).resolve().parents[1] / "manage.py")]
    for step in (["migrate", "--noinput"], ["compilemessages", "--ignore=.venv"], ["seed_demo"]):
        done = subprocess.run(  # noqa: S603 - our own manage.py
            manage + step,
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{step}: {done.stdout}\n{done.stderr}"


def demo_instance_env(folder: Path, **extra) -> dict:
    """The environment of an operator's shell on an instance in `folder` (DEBUG on)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "SECRET_KEY",
            "HTTPS",
            "ALLOWED_HOSTS",
            "EAGI_COMMAND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        BACKUP_DIR=str(folder / "backups"),
        STATIC_ROOT=str(folder / "static"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(extra)
    return env


def copy_demo_instance(template: Path, folder: Path) -> Path:
    """The template's database file and media folder, copied into `folder`."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template / "db.sqlite3", folder / "db.sqlite3")
    if (template / "media").is_dir():
        shutil.copytree(template / "media", folder / "media")
    return folder


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real redis-server on a free port, as production's shared cache."""
    import subprocess
    import time

    import redis

    from tests.helpers import free_port

    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603, S607 - the real server, as production runs it
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        server.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=10)
