"""Every command the README and docs/ give a person to type runs, briefly, as written:
the management commands on an instance set up like the README's start path, and the
benchmark and the load test (which start their own PostgreSQL) at a tiny size. A
command that rots fails here, not in front of an operator."""

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_demo_instance, demo_instance_env
from tests.helpers import free_port as _free_port
from tests.instance import manage

ROOT = Path(__file__).resolve().parents[1]
# The management commands run on SQLite files of their own (in the SQLite pass); the
# benchmark and the load test start their own PostgreSQL (in the PostgreSQL pass).
pytestmark = pytest.mark.once("each command sets up its own database", run_in="sqlite")


def _env(folder: Path, **extra) -> dict:
    """An operator's shell on an instance in `folder` (tests/conftest.py)."""
    return demo_instance_env(folder, **extra)


@pytest.fixture(scope="module")
def instance(tmp_path_factory, demo_instance_template):
    # `migrate` and `seed_demo` as the README has them: run once for the whole suite
    # (tests/conftest.py), then copied.
    folder = copy_demo_instance(demo_instance_template, tmp_path_factory.mktemp("documented"))
    return folder, _env(folder)


def test_the_daily_commands(instance):
    _folder, env = instance
    manage(env, "close_ended_routes", "--actor", "centre_head")
    manage(env, "send_digest")
    manage(env, "escalate_reports")
    # The demo's overdue aid (seed_demo) is reported to the head once, then never again.
    assert "Reminders sent: 0" not in manage(env, "remind_aids").stdout
    assert "Reminders sent: 0" in manage(env, "remind_aids").stdout
    # The same as queued work: the timer queues, the worker service runs.
    queued = {**env, "TASKS_BACKEND": "database"}
    assert (
        "send_digest_task: READY"
        in manage(queued, "enqueue_daily", "--actor", "centre_head").stdout
    )
    manage(queued, "db_worker", "--batch", "--no-startup-delay")
    manage(queued, "prune_db_task_results", "--min-age-days", "30")
    refused = manage(env, "sync_directory", ok=False)  # no directory configured here
    assert refused.returncode != 0 and "LDAP_SERVER_URI" in refused.stderr
    assert "All invariants hold." in manage(env, "check_invariants").stdout


def test_the_import_command_dry_run_and_import(instance):
    folder, env = instance
    export = folder / "courses.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name_kk", "name_ru", "name_en", "credits"])
        writer.writerow(["SMK1001", "Тексеру пәні", "Проверочная дисциплина", "Smoke course", 3])
    dry = manage(env, "import_sis", "courses", str(export), "--dry-run")
    assert "1" in dry.stdout
    manage(env, "import_sis", "courses", str(export))
    again = manage(env, "import_sis", "courses", str(export), "--dry-run")
    assert again.stdout != dry.stdout  # the second time nothing is new


def test_backup_new_key_verify_and_restore(instance, tmp_path):
    folder, env = instance
    key = manage(env, "backup", "--new-key").stdout.strip().splitlines()[-1]
    assert len(key) >= 32
    sealed = {**env, "BACKUP_ENCRYPTION_KEY": key}
    manage(sealed, "backup")
    [archive] = (folder / "backups").glob("eagi-backup-*")
    assert "verified" in manage(sealed, "restore", "--verify-only", str(archive)).stdout
    empty = _env(tmp_path, BACKUP_ENCRYPTION_KEY=key)
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:  # a database in use already
        db.execute("CREATE TABLE kept (x)")
    refused = manage(empty, "restore", str(archive), ok=False)
    assert refused.returncode != 0 and "The database is not empty" in refused.stderr
    (tmp_path / "db.sqlite3").unlink()  # a restore wants an empty database
    restored = manage(empty, "restore", str(archive))
    assert "restored and verified" in restored.stdout
    assert "All invariants hold." in manage(empty, "check_invariants").stdout
    # Every table has the same rows and every media file the same bytes.
    assert _row_counts(tmp_path / "db.sqlite3") == _row_counts(folder / "db.sqlite3")
    assert _row_counts(folder / "db.sqlite3")["students_student"] >= 2
    originals = {
        p.relative_to(folder / "media"): p.read_bytes()
        for p in (folder / "media").rglob("*")
        if p.is_file()
    }
    copies = {
        p.relative_to(tmp_path / "media"): p.read_bytes()
        for p in (tmp_path / "media").rglob("*")
        if p.is_file()
    }
    assert originals and copies == originals


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_setup_and_deployment_commands(instance, tmp_path):
    from documents.seal import make_demo_seal

    _folder, env = instance
    seeded = subprocess.run(  # noqa: S603 - the README's command, as written there
        [sys.executable, "-m", "bench.seed_scale", "--students", "20"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert seeded.returncode == 0, seeded.stderr
    assert "20 students added" in seeded.stdout
    manage(env, "collectstatic", "--noinput")
    manage(env, "showmigrations")
    manage(env, "makemigrations", "--check", "--dry-run")
    production = {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": "k8#Xq" * 12,
        "ALLOWED_HOSTS": "inclusion.eagi.kz",
        # docs/deployment.md: the public address and the Institute's seal.
        "SITE_URL": "https://inclusion.eagi.kz",
        # A stand-in for the Institute's own certificate: not marked as a demo.
        "SEAL_PKCS12": str(make_demo_seal(tmp_path / "institute.p12", mark_demo=False)),
        "SEAL_PKCS12_PASSWORD": "demo-seal",
        # What deploy.sh writes: one cache every worker shares (eagi_inclusion.E011).
        "CACHE_URL": f"file://{tmp_path / 'cache'}",
    }
    manage(production, "check", "--deploy", "--fail-level", "WARNING")
    superuser = {**env, "DJANGO_SUPERUSER_PASSWORD": "a long enough password 2026"}
    manage(superuser, "createsuperuser", "--noinput", "--username", "it", "--email", "it@eagi.kz")


def _script(*args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "EAGI_COMMAND"}}
    return subprocess.run(  # noqa: S603 - our own scripts
        ["bash", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


@pytest.mark.once("it starts its own PostgreSQL server")
@pytest.mark.browser  # heavy: a server, a data set and timed requests, like the browser tests
def test_the_benchmark_runs(tmp_path):
    output = tmp_path / "performance.md"
    done = _script("scripts/bench.sh", "--sizes", "50", "--quick", "--output", str(output))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = output.read_text(encoding="utf-8")
    assert "student list" in report and "form PDF median" in report
    assert "MB upload" in report  # the verification page's check of an upload (#28)
    # #32: shares of the one-query view taken in the same rounds, the floor's target and
    # the public verification page among the targets.
    assert "% of one-query view" in report and "the floor ≥ 60%" in report
    assert "public verification page p95" in report


@pytest.mark.once("it starts its own PostgreSQL server")
@pytest.mark.browser
def test_the_load_test_runs_with_a_database_restart():
    done = _script(
        "scripts/load.sh",
        "--students",
        "50",
        "--users",
        "4",
        "--minutes",
        "0.2",
        "--restart-db-at",
        "4",
        "--port",
        str(_free_port()),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "invariants: all hold" in done.stdout
    assert "5xx outside the outage: 0" in done.stdout
    assert "500:" not in done.stdout.split("responses:")[1].splitlines()[0]  # 503s only
