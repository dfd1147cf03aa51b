"""The settings refuse to start in production with unsafe values."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each test reads the settings in a Python process of its own, whatever the pass's
# database: one pass is enough.
pytestmark = pytest.mark.once("settings are read in processes of their own")


def _check(**env):
    base = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "eagi_inclusion.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _check(DEBUG="false", ALLOWED_HOSTS="inclusion.eagi.kz")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    result = _check(
        DEBUG="false",
        ALLOWED_HOSTS="inclusion.eagi.kz",
        SECRET_KEY="django-insecure-development-only-never-in-production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value" in result.stderr


def test_production_refuses_to_start_without_hosts():
    result = _check(DEBUG="false", SECRET_KEY="k" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_real_values():
    result = _check(DEBUG="false", SECRET_KEY="k" * 50, ALLOWED_HOSTS="inclusion.eagi.kz")
    assert result.returncode == 0, result.stderr


def test_a_comment_after_a_value_is_refused_not_kept_in_the_value():
    """#27: `HTTPS=true   # HSTS` in the environment file reached the app whole (systemd
    and a shell both keep it): a MEDIA_ROOT would have silently included the comment."""
    result = _check(
        DEBUG="false",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="inclusion.eagi.kz",
        MEDIA_ROOT="/srv/eagi/media   # uploads",
    )
    assert result.returncode != 0
    assert "MEDIA_ROOT ends in what looks like a comment" in result.stderr


def test_development_starts_with_nothing_set():
    result = _check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def _database(**env) -> dict:
    """The database settings a process started with this environment would use."""
    keys = ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS", "CONN_MAX_AGE")
    expression = f"{{k: settings.DATABASES['default'].get(k) for k in {keys!r}}}"
    return _loaded(expression, {"DATABASE_URL", "EAGI_COMMAND"}, env)


def test_database_url_selects_the_database(tmp_path):
    production = _database(DATABASE_URL="postgres://eagi:s%40cret@db.eagi.kz:6432/inclusion")
    assert production["ENGINE"] == "django.db.backends.postgresql"
    assert (production["NAME"], production["USER"], production["PASSWORD"]) == (
        "inclusion",
        "eagi",
        "s@cret",
    )
    assert (production["HOST"], production["PORT"]) == ("db.eagi.kz", 6432)
    # One bad plan cannot hold a web worker: 30 s by default, longer for commands.
    assert production["OPTIONS"]["options"] == "-c statement_timeout=30000"
    command = _database(
        DATABASE_URL="postgres://eagi@db/inclusion", EAGI_COMMAND="true", CONN_MAX_AGE="5"
    )
    assert command["OPTIONS"]["options"] == "-c statement_timeout=3600000"
    assert command["CONN_MAX_AGE"] == 5
    # Prepared after five runs on a connection, with the parameters bound by the
    # server; "off" for a pooler that cannot keep them: Django's own defaults.
    assert production["OPTIONS"]["server_side_binding"] is True
    assert production["OPTIONS"]["prepare_threshold"] == 5
    pooled = _database(
        DATABASE_URL="postgres://eagi@db/inclusion", DATABASE_PREPARE_THRESHOLD="off"
    )
    assert "server_side_binding" not in pooled["OPTIONS"]
    assert "prepare_threshold" not in pooled["OPTIONS"]
    wrong = _check(
        DEBUG="true", DATABASE_URL="postgres://eagi@db/inclusion", DATABASE_PREPARE_THRESHOLD="5s"
    )
    assert wrong.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be a whole number or off" in wrong.stderr
    local = _database(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert local["ENGINE"] == "django.db.backends.sqlite3"
    assert local["NAME"] == str(tmp_path / "x.sqlite3")
    assert local["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    embedded = _database()  # nothing configured: the README's start path
    assert embedded["ENGINE"] == "django.db.backends.sqlite3"
    assert embedded["NAME"] == str(ROOT / "var" / "db.sqlite3")


def _manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def institute_seal(tmp_path):
    """A stand-in for the Institute's own certificate: not marked as a demo."""
    from documents.seal import make_demo_seal

    return make_demo_seal(tmp_path / "institute.p12", mark_demo=False)


def _deployment_checklist(institute_seal, cache_url: str):
    return _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k8#Xq" * 12,
        ALLOWED_HOSTS="inclusion.eagi.kz",
        SITE_URL="https://inclusion.eagi.kz",
        SEAL_PKCS12=str(institute_seal),
        SEAL_PKCS12_PASSWORD="demo-seal",
        CACHE_URL=cache_url,
    )


def test_production_settings_pass_the_deployment_checklist(institute_seal, tmp_path):
    result = _deployment_checklist(institute_seal, f"file://{tmp_path / 'cache'}")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deployment_checklist_refuses_a_cache_of_each_worker(institute_seal):
    """#32: sessions and the signed-in user come from the cache; one per worker would
    keep a session another worker signed out."""
    result = _deployment_checklist(institute_seal, "locmem://")
    assert result.returncode != 0 and "eagi_inclusion.E011" in result.stderr


def test_the_deployment_checklist_asks_for_the_seal(demo_seal, tmp_path):
    production = {
        "CACHE_URL": f"file://{tmp_path / 'cache'}",
        "DEBUG": "false",
        "SECRET_KEY": "k8#Xq" * 12,
        "ALLOWED_HOSTS": "inclusion.eagi.kz",
        "SITE_URL": "https://inclusion.eagi.kz",
    }
    # The demo seal (seed_demo's, here the test run's) is an error, not a warning.
    demo = _manage("check", "--deploy", **production)
    assert demo.returncode != 0 and "documents.E002" in demo.stderr
    missing = _manage(
        "check", "--deploy", "--fail-level", "WARNING", **production,
        SEAL_DEMO_PKCS12="/nonexistent/demo-seal.p12",
    )  # fmt: skip
    assert missing.returncode != 0 and "documents.W001" in missing.stderr
    wrong = _manage(
        "check",
        "--deploy",
        **production,
        SEAL_PKCS12=str(demo_seal),
        SEAL_PKCS12_PASSWORD="not the password",
    )
    assert wrong.returncode != 0 and "documents.E001" in wrong.stderr


def test_production_refuses_a_site_address_that_forms_cannot_print():
    """#18: every issued form printed `http://127.0.0.1:8000/...` as its verification
    address, frozen into the stored PDF."""
    for site_url in ("", "http://inclusion.eagi.kz"):
        result = _manage(
            "check",
            DEBUG="false",
            SECRET_KEY="k8#Xq" * 12,
            ALLOWED_HOSTS="inclusion.eagi.kz",
            SITE_URL=site_url,
        )
        assert result.returncode != 0
        assert "SITE_URL must be the public https:// address" in result.stderr


def test_production_hashes_passwords_with_argon2():
    result = _check(DEBUG="false", SECRET_KEY="k" * 50, ALLOWED_HOSTS="inclusion.eagi.kz")
    assert result.returncode == 0
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PASSWORD_HASHERS[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "eagi_inclusion.settings"},
    )
    assert out.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_code_only_commands_run_with_nothing_configured(tmp_path):
    """`manage.py makemigrations --check` works on a fresh checkout with no environment,
    as CI tools run it; serving commands stay refused."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env = {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    checked = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    refused = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr


def _caches(**env) -> dict:
    return _loaded("settings.CACHES['default']", {"CACHE_URL", "DEBUG"}, env)


def test_cache_url_selects_a_cache_the_workers_share():
    """#21: each gunicorn worker had its own memory cache: after a change one worker
    showed fresh figures and another stale ones for minutes."""
    production = _caches(DEBUG="false")
    assert production["BACKEND"] == "eagi_inclusion.file_cache.FileCache"  # every worker's
    assert production["LOCATION"] == str(ROOT / "var" / "cache")
    # A deployment's read-only app tree: VAR_DIR moves the cache (and the rest) out.
    var = tempfile.mkdtemp()
    moved = _caches(DEBUG="false", VAR_DIR=var)
    assert moved["LOCATION"] == f"{var}/cache"
    redis = _caches(DEBUG="false", CACHE_URL="redis://cache.internal:6379/2")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/2"
    assert _caches(DEBUG="true")["BACKEND"].endswith("LocMemCache")
    wrong = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "eagi_inclusion.settings",
             "CACHE_URL": "memcached://x"},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert wrong.returncode != 0 and "CACHE_URL must start with" in wrong.stderr


def test_the_file_cache_stays_bounded_and_answers_as_djangos(tmp_path):
    """eagi_inclusion.file_cache.FileCache counts its entries on a process's first write
    and every CHECK_EVERY-th (Django's lists the folder on every write): what it holds
    reads back as Django's file cache reads it, and the folder stays within MAX_ENTRIES
    and CHECK_EVERY writes more."""
    from django.core.cache.backends.filebased import FileBasedCache

    from eagi_inclusion.file_cache import FileCache

    class Counted(FileCache):
        CHECK_EVERY = 10  # production's 100 against 20,000 entries; here 10 against 50

    params = {"OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 3}}
    ours = Counted(str(tmp_path), params)
    djangos = FileBasedCache(str(tmp_path), params)  # the same folder, another process
    entries = lambda: len(list(tmp_path.glob("*.djcache")))  # noqa: E731

    for n in range(50):
        ours.set(f"key-{n}", {"n": n, "text": "Әлия"}, 60)
    assert entries() == 50  # up to the bound nothing is culled
    assert djangos.get("key-7") == {"n": 7, "text": "Әлия"}
    assert ours.add("key-7", "other") is False and ours.get("key-7")["n"] == 7
    ours.delete("key-7")
    assert djangos.get("key-7") is None
    # Over the bound the 51st write counts 49 entries (no cull); the next nine do not
    # count; the 61st counts 59 and culls a third of them, as Django's does.
    for n in range(50, 60):
        ours.set(f"key-{n}", n, 60)
    assert entries() == 59
    ours.set("key-60", 60, 60)
    assert entries() == 59 - 59 // 3 + 1
    for n in range(61, 1000):
        ours.set(f"key-{n}", n, 60)
        assert entries() <= 50 + Counted.CHECK_EVERY
    assert ours.get("key-999") == 999 and djangos.get("key-999") == 999


def _settings(expression: str, **env):
    """`expression` over the settings a fresh process loads with `env` (JSON), or the
    error it refuses to start with."""
    return _loaded(
        expression, {"DEBUG", "TASKS_BACKEND", "MEDIA_STORAGE", "S3_BUCKET"}, env, refused=True
    )


def test_queued_work_needs_a_worker_in_production_and_none_in_development():
    backend = "settings.TASKS['default']['BACKEND']"
    assert _settings(backend, DEBUG="false") == "django_tasks_db.DatabaseBackend"
    assert _settings(backend, DEBUG="true").endswith("ImmediateBackend")
    assert "TASKS_BACKEND must be one of" in _settings(backend, TASKS_BACKEND="celery")


def test_media_storage_selects_the_disk_or_a_private_bucket():
    storage = "settings.STORAGES['default']"
    assert _settings(storage, DEBUG="true")["BACKEND"].endswith("FileSystemStorage")
    s3 = _settings(
        storage,
        DEBUG="true",
        MEDIA_STORAGE="s3",
        S3_BUCKET="eagi-media",
        S3_ENDPOINT_URL="https://s3.provider.kz",
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "eagi-media",
        "https://s3.provider.kz",
    )
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert "S3_BUCKET must name the bucket" in _settings(storage, DEBUG="true", MEDIA_STORAGE="s3")
    assert "MEDIA_STORAGE must be local or s3" in _settings(
        storage, DEBUG="true", MEDIA_STORAGE="nfs"
    )


def _loaded(expression: str, drop: set, env: dict, *, refused: bool = False):
    """`expression` (over `settings`) in a fresh process that loads the settings with
    this environment, minus the variables in `drop`, as JSON. With `refused`, a process
    that refuses to start gives its last error line instead."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in drop}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "eagi_inclusion.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if refused and result.returncode != 0:
        return result.stderr.strip().splitlines()[-1]
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
