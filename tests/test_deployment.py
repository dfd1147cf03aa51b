"""docs/deployment.md, run as written: `scripts/deploy.sh` installs a copy of this app
tree for an unprivileged system user, with Debian's own python3 (3.11.2 on Debian 12),
against a PostgreSQL server of its own and a real mail server (aiosmtpd). The units it
writes are then run the way systemd would run them — as that user, with its
EnvironmentFile, in a mount namespace where the whole file system is read-only but for
the unit's ReadWritePaths, with a private /tmp and its RuntimeDirectory — since the
machine that runs the suite has no systemd.

Through that: the first head of the centre gets her link by e-mail (the worker sends
it), the database restarts under the worker, which waits and goes on; she chooses a
password, pairs an authenticator app, downloads an issued form; the nightly backup unit
runs; the archive is restored into an empty database and media folder with the same
interpreter, and the invariants hold. A write into the app tree, a default that points
into it, an environment file systemd and a shell read differently, or a restore that
needs a newer standard library than Debian's, fails here.
"""

import base64
import csv
import hashlib
import hmac
import os
import re
import shlex
import shutil
import struct
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import free_port as _free_port
from tests.instance import Browser, Inbox, parse

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")
APP_USER = "eagi-deploy-test"
PASSWORD = "Тұрақты-құпия-сөз-2026!"  # noqa: S105 - the test head's chosen password
# Wheels downloaded by earlier runs (owned by APP_USER; only speeds up the venv step).
PIP_CACHE = Path("/var/tmp/eagi-deploy-test-pip-cache")
UV_CACHE = Path("/var/tmp/eagi-deploy-test-uv-cache")

pytestmark = [
    pytest.mark.once("it deploys its own copy with its own PostgreSQL", run_in="sqlite"),
    pytest.mark.skipif(os.geteuid() != 0, reason="the deployment runs as root (useradd, mounts)"),
    pytest.mark.skipif(
        shutil.which("unshare") is None or not SYSTEM_PYTHON.exists(),
        reason="needs util-linux's unshare and the system's /usr/bin/python3",
    ),
]


# --- a PostgreSQL server of the deployment's own (it is restarted under the worker) --


class Postgres:
    def __init__(self, folder: Path):
        self.bin = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version)[-1])
        self.folder = folder
        self.port = _free_port()
        folder.mkdir(mode=0o755)
        shutil.chown(folder, "postgres")
        self._pg(
            "initdb",
            "-D",
            str(folder / "data"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()

    def _pg(self, tool, *args):
        done = subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            ["runuser", "-u", "postgres", "--", str(self.bin / tool), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{tool}: {done.stdout}{done.stderr}"
        return done.stdout

    def start(self):
        self._pg(
            "pg_ctl",
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off",
            "start",
        )

    def stop(self):
        self._pg("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def sql(self, statement: str):
        return self._pg(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-Atc",
            statement,
        )


def _version(path: Path):
    return int(path.parent.name) if path.parent.name.isdigit() else 0


# --- systemd's reading of a unit and of its EnvironmentFile ---------------------------


def read_unit(path: Path) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def systemd_environment_file(path: Path) -> dict[str, str]:
    """EnvironmentFile= as systemd reads it: KEY=VALUE lines, `#`/`;` lines are
    comments, one pair of surrounding quotes removed — and nothing else: an inline
    `# comment` stays part of the value."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        key, value = line.split("=", 1)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env


def shell_environment_file(path: Path) -> dict[str, str]:
    """The same file as eagi-manage reads it: `set -a; . FILE`."""
    done = subprocess.run(  # noqa: S603
        ["bash", "-c", 'set -a; . "$1"; set +a; env -0', "_", str(path)],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    pairs = [item.split("=", 1) for item in done.stdout.split("\0") if "=" in item]
    return {key: value for key, value in pairs}


class Deployment:
    def __init__(self, root: Path):
        self.root = root
        self.home = root / "srv"
        self.app = self.home / "app"
        self.etc = root / "etc"
        self.units = root / "systemd"
        self.bin = root / "bin"
        self.processes: list[subprocess.Popen] = []

    def deploy_env(self, **extra) -> dict:
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG": "C.UTF-8",
            "EAGI_USER": APP_USER,
            "EAGI_HOME": str(self.home),
            "EAGI_ETC": str(self.etc),
            "EAGI_SYSTEMD_DIR": str(self.units),
            "EAGI_BIN_DIR": str(self.bin),
            "EAGI_PYTHON": str(SYSTEM_PYTHON),
            "PIP_CACHE_DIR": str(PIP_CACHE),
            "UV_CACHE_DIR": str(UV_CACHE),
        }
        env.update(extra)
        return env

    def manage(self, *args, env=None) -> subprocess.CompletedProcess:
        """eagi-manage, as the guide has the operator run it (root)."""
        done = subprocess.run(  # noqa: S603 - the script deploy.sh installed
            [str(self.bin / "eagi-manage"), *args],
            env=env or {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"eagi-manage {args}: {done.stdout}\n{done.stderr}"
        return done

    def as_unit(
        self,
        unit: str,
        command: list[str] | None = None,
        *,
        env_extra=None,
        log: Path | None = None,
        wait: bool = False,
    ):
        """Run a unit's ExecStart (or `command` in its place) as systemd would."""
        spec = read_unit(self.units / unit)
        environment = systemd_environment_file(Path(spec["EnvironmentFile"][0]))
        for assignment in spec.get("Environment", []):
            key, value = assignment.split("=", 1)
            environment[key] = value
        environment.update(env_extra or {})
        environment.setdefault("PATH", "/usr/bin:/bin")
        writable = " ".join(spec["ReadWritePaths"]).split()
        runtime = spec.get("RuntimeDirectory", [])
        user = spec["User"][0]
        argv = command or shlex.split(spec["ExecStart"][0])
        script = ["set -e", "mount --make-rprivate /"]
        # ReadWritePaths stay writable, then ProtectSystem=strict: all else read-only.
        script += [f"mount --bind {shlex.quote(p)} {shlex.quote(p)}" for p in writable]
        script += ["mount -t tmpfs -o mode=755 tmpfs /run"]
        for name in runtime:
            script += [f"mkdir -p /run/{name}", f"chown {user}: /run/{name}"]
        script += ["mount -o remount,bind,ro /"]
        script += ["mount -t tmpfs -o mode=1777 tmpfs /tmp"]  # PrivateTmp=true
        script += [
            "mount -t tmpfs -o ro,mode=755 tmpfs /root",
            "[ ! -d /home ] || mount -t tmpfs -o ro,mode=755 tmpfs /home",
        ]  # ProtectHome
        script += [
            f"cd {shlex.quote(spec['WorkingDirectory'][0])}",
            "exec runuser -u "
            + shlex.quote(user)
            + " -- env -i "
            + " ".join(shlex.quote(f"{k}={v}") for k, v in environment.items())
            + " "
            + " ".join(shlex.quote(a) for a in argv),
        ]
        handle = open(log, "w") if log else subprocess.PIPE  # noqa: SIM115 - kept with the process
        process = subprocess.Popen(  # noqa: S603 - our own unit, in its own namespace
            ["unshare", "--mount", "--propagation", "private", "bash", "-c", "\n".join(script)],
            stdout=handle,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if wait:
            output, _ = process.communicate(timeout=600)
            return process.returncode, output
        self.processes.append(process)
        return process


def _copy_tree(target: Path) -> None:
    """This working tree as a clone would hold it: tracked and new files, nothing
    ignored (.venv, var, test artifacts)."""
    listed = (
        subprocess.run(  # noqa: S603
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def _totp(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", ""))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def _wait_for(check, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"waited {seconds} s for {what}")


def _write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    path.chmod(0o644)
    return path


@pytest.fixture
def deployment():
    root = Path(tempfile.mkdtemp(prefix="eagi-deploy-", dir="/var/tmp"))
    root.chmod(0o755)
    deployed = Deployment(root)
    yield deployed
    for process in deployed.processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    shutil.rmtree(root, ignore_errors=True)


def test_the_deployment_guide_runs_and_a_backup_restores_with_debians_python(deployment):
    d = deployment
    inbox = Inbox()
    mail = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    mail.start()
    pg = Postgres(d.root / "pg")
    try:
        _deploy_and_run(d, pg, inbox, mail.port)
    finally:
        mail.stop()
        for process in d.processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        pg.stop()


def _deploy_and_run(d: Deployment, pg: Postgres, inbox: Inbox, mail_port: int):
    # §1: the app tree is a clone owned by the app's user (deploy.sh makes the user).
    _copy_tree(d.app)
    port = _free_port()
    site = f"http://127.0.0.1:{port}"
    # §3: the database and its owner, as the guide's commands make them.
    pg.sql("CREATE ROLE eagi LOGIN PASSWORD 'pg-secret-2026'")
    pg.sql("CREATE DATABASE eagi OWNER eagi ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0")
    database_url = f"postgres://eagi:pg-secret-2026@127.0.0.1:{pg.port}/eagi"
    env = d.deploy_env(
        EAGI_SITE_URL=site,
        EAGI_DATABASE_URL=database_url,
        EAGI_BIND=f"127.0.0.1:{port}",
        EAGI_WORKERS="2",
        EAGI_HTTPS="false",  # no nginx and TLS in front here
        EAGI_CLIENT_ADDRESS_HEADER="REMOTE_ADDR",
        EAGI_EMAIL_HOST="127.0.0.1",
        EAGI_EMAIL_PORT=str(mail_port),
        EAGI_ENV_EXTRA="EMAIL_TIMEOUT='5'\nEMAIL_RETRY_SECONDS='1,1,1,1,1'",
    )
    # The user must exist before the tree is handed to it; deploy.sh's own step.
    done = subprocess.run(
        ["bash", str(d.app / "scripts/deploy.sh"), "user"],
        env=env,  # noqa: S603
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    subprocess.run(["chown", "-R", f"{APP_USER}:", str(d.app)], check=True)  # noqa: S603
    for cache in (PIP_CACHE, UV_CACHE):
        cache.mkdir(exist_ok=True)
        subprocess.run(["chown", "-R", f"{APP_USER}:", str(cache)], check=True)  # noqa: S603

    done = subprocess.run(
        ["bash", str(d.app / "scripts/deploy.sh")],
        env=env,  # noqa: S603
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    # The interpreter is the system's own (3.11.2 on Debian 12), not the suite's.
    venv_python = subprocess.run(  # noqa: S603
        [
            str(d.app / ".venv/bin/python"),
            "-c",
            "import sys; print(sys._base_executable, '%d.%d.%d' % sys.version_info[:3])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    system_version = subprocess.run(  # noqa: S603
        [str(SYSTEM_PYTHON), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert venv_python[1] == system_version, venv_python
    # The app's packages only: no test tool (requirements-dev.lock) in production.
    tools = subprocess.run(  # noqa: S603
        [
            str(d.app / ".venv/bin/python"),
            "-c",
            "import importlib.util as u; print([m for m in ('pytest', 'playwright', 'moto',"
            " 'hypothesis', 'django', 'weasyprint') if u.find_spec(m)])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert tools == "['django', 'weasyprint']", tools
    # Nothing in the tree belongs to root: §10's upgrade, as the app's user, can redo it.
    owned_by_root = subprocess.run(  # noqa: S603
        ["find", str(d.app), "-user", "root", "-print", "-quit"], capture_output=True, text=True
    ).stdout
    assert owned_by_root == "", owned_by_root

    # The environment file: systemd and a shell read the same values.
    env_file = d.etc / "env"
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"
    assert systemd_environment_file(env_file) == {
        k: v
        for k, v in shell_environment_file(env_file).items()
        if k in systemd_environment_file(env_file)
    }
    assert systemd_environment_file(env_file)["MEDIA_ROOT"] == str(d.home / "media")

    # Run again: the steps that write the system's files change nothing, and keep the
    # environment file (the venv, migrate and static steps are the next upgrade's).
    again = subprocess.run(
        ["bash", str(d.app / "scripts/deploy.sh"), "user", "folders", "env", "manage", "units"],
        env=env,  # noqa: S603
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "env: " in again.stdout and "exists; checking it" in again.stdout
    assert "    " + str(d.units) not in again.stdout  # no unit file rewritten

    # An inline comment in the environment file is refused by the next run.
    original = env_file.read_text()
    env_file.write_text(original + "HTTPS=true   # HSTS\n")
    refused = subprocess.run(
        ["bash", str(d.app / "scripts/deploy.sh"), "env"],
        env=env,  # noqa: S603
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "comment" in refused.stderr
    env_file.write_text(original)

    # §4: the catalogue, in the documented order, with messages in the operator's language.
    data = d.root / "import"
    data.mkdir(mode=0o755)
    files = {
        "faculties": [
            ["code", "name_kk", "name_ru"],
            ["PED", "Педагогика факультеті", "Педагогический факультет"],
        ],
        "programmes": [
            ["code", "faculty_code", "name_kk", "name_ru"],
            ["6B01101", "PED", "Педагогика және психология", "Педагогика и психология"],
        ],
        "periods": [
            ["academic_year", "kind", "number", "starts_on", "ends_on"],
            ["2026-2027", "semester", "1", "2026-09-01", "2027-01-20"],
            ["2026-2027", "semester", "2", "2027-01-21", "2027-06-30"],
        ],
        "groups": [
            ["code", "programme_code", "admission_year", "language_of_study"],
            ["ПП-24-1", "6B01101", "2024", "kk"],
        ],
        "students": [
            [
                "iin",
                "last_name",
                "first_name",
                "date_of_birth",
                "group",
                "year_of_study",
                "language_of_study",
            ],
            ["050320643217", "Нұрланова", "Әлия", "2005-03-20", "ПП-24-1", "2", "kk"],
        ],
    }
    for kind, rows in files.items():
        done = d.manage(
            "import_sis", kind, str(_write_csv(data / f"{kind}.csv", rows)), "--language", "ru"
        )
        assert f"{len(rows) - 1} нов" in done.stdout, done.stdout  # each row is new

    # The first administrator and head of the centre: no password anywhere.
    created = d.manage(
        "first_accounts",
        "--admin",
        "it-admin,it@eagi.kz,Жақсыбеков Тимур",
        "--head",
        "head,head@eagi.kz,Бекова Гүлнар Маратқызы",
        "--language",
        "en",
    )
    assert "created with no password" in created.stdout

    # The worker unit sends the queued links through the real mail server.
    worker_log = d.root / "worker.log"
    worker = d.as_unit("eagi-worker.service", log=worker_log)
    _wait_for(lambda: len(inbox.messages) >= 2, "the two password links by e-mail")
    [head_mail] = [m for to, m in inbox.messages if to == ["head@eagi.kz"]]
    body = head_mail.get_payload(decode=True).decode()
    link = re.search(r"http://\S+/accounts/reset/\S+/", body).group(0)

    # The database restarts under the worker: it waits, and goes on afterwards.
    pg.stop()
    _wait_for(lambda: "does not answer" in worker_log.read_text(), "the worker to notice", 30)
    assert worker.poll() is None, worker_log.read_text()
    pg.start()

    # The app unit: read-only tree, file cache and everything else in writable places.
    app_log = d.root / "gunicorn.log"
    server = d.as_unit("eagi.service", log=app_log)
    _wait_for(lambda: _answers(f"{site}/healthz"), "gunicorn to answer /healthz")
    browser = Browser(site)
    status, url, page = browser.get(urllib.parse.urlsplit(link).path)
    assert status == 200 and "new_password1" in page, (status, url, app_log.read_text()[-3000:])
    status, url, page = browser.post(
        urllib.parse.urlsplit(url).path,
        {**parse(page).inputs, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert status == 200, (status, page[:500])
    # "Your password was changed": sent by the worker after the database restart.
    _wait_for(lambda: len(inbox.messages) >= 3, "the worker's next e-mail after the restart")
    assert worker.poll() is None

    status, url, page = browser.submit(
        "/accounts/login/", {"username": "head", "password": PASSWORD}
    )
    assert status == 200 and "/accounts/otp/setup/" in url, (status, url)
    secret = re.search(r"((?:[A-Z2-7]{4} ){3,}[A-Z2-7]{1,4})", page).group(1)
    status, url, page = browser.submit("/accounts/otp/setup/", {"otp_token": _totp(secret)})
    assert status == 200 and urllib.parse.urlsplit(url).path == "/", (status, url)

    # A paper application (the registry's work, set up here by the operator's shell),
    # then the head downloads its form: rendered, sealed when a seal is set, stored.
    d.manage("shell", "-c", PAPER_APPLICATION)
    status, _url, page = browser.get("/students/applications/")
    assert status == 200, page[:300]
    application = re.search(r'href="/students/applications/(\d+)/"', page).group(1)
    with browser.opener.open(f"{site}/students/applications/{application}/pdf/") as response:
        pdf = response.read()
    assert pdf.startswith(b"%PDF"), pdf[:100]
    assert "Error" not in app_log.read_text() and "Read-only" not in app_log.read_text()

    # The nightly backup unit, then a restore drill into an empty database and media
    # folder, with the same (Debian's) interpreter, inside the same restrictions.
    code, output = d.as_unit("eagi-backup.service", wait=True)
    assert code == 0, output
    [archive] = (d.home / "backups").glob("eagi-backup-*.tar.enc")
    pg.sql(
        "CREATE DATABASE eagi_drill OWNER eagi ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0"
    )
    drill_media = d.home / "var" / "drill-media"
    restored_env = {
        "DATABASE_URL": database_url.removesuffix("/eagi") + "/eagi_drill",
        "MEDIA_ROOT": str(drill_media),
    }
    python = [str(d.app / ".venv/bin/python"), "manage.py"]
    code, output = d.as_unit(
        "eagi-backup.service",
        python + ["restore", "--verify-only", str(archive)],
        env_extra=restored_env,
        wait=True,
    )
    assert code == 0 and "verified" in output, output
    code, output = d.as_unit(
        "eagi-backup.service", python + ["restore", str(archive)], env_extra=restored_env, wait=True
    )
    assert code == 0 and "restored and verified" in output, output
    code, output = d.as_unit(
        "eagi-backup.service", python + ["check_invariants"], env_extra=restored_env, wait=True
    )
    assert code == 0 and "All invariants hold." in output, output
    assert any(drill_media.rglob("*.pdf")), "the issued form is among the restored files"
    server.terminate()
    server.wait(timeout=60)
    assert "Read-only file system" not in app_log.read_text(), app_log.read_text()[-3000:]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our server
            return response.status == 200
    except OSError:
        return False


PAPER_APPLICATION = """
import uuid
from django.contrib.auth.models import Group
from django.utils import timezone
from students.applications import application_submit
from students.models import Application, Student, User
clerk = User.objects.create(username="registry", last_name="Әбенова", first_name="Динара")
clerk.groups.add(Group.objects.get(name="registry"))
student = Student.objects.get(iin="050320643217")
application_submit(
    actor=clerk, student=student, applicant_kind="student",
    data={
        "difficulties": "Тақтадағы жазуды көре алмаймын.",
        "conditions_requested": "Үлкен қаріппен жазылған материалдар.",
        "preferred_contact": Application.Contact.IN_PERSON,
        "contact_detail": "",
        "document_language": "kk",
        "delivered_by": "Нұрланова Әлия",
        "received_at": timezone.now(),
    },
    files=[], token=uuid.uuid4(), consent_given=True, channel=Application.Channel.PAPER,
)
"""
