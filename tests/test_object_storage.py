"""#21: uploads and issued files in S3-compatible object storage (MEDIA_STORAGE=s3,
django-storages). The server is moto's standalone S3 server — a stand-in for the
provider's object storage, speaking the same HTTP API — started here on loopback."""

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from django.utils import translation

from eagi_inclusion import settings as settings_module
from students.models import ApplicationAttachment
from tests.conftest import demo_instance_env as _env
from tests.helpers import apply_online as _apply
from tests.helpers import free_port as _free_port
from tests.instance import manage as run_manage

KEYS = {"S3_ACCESS_KEY_ID": "stand-in-key", "S3_SECRET_ACCESS_KEY": "stand-in-secret"}


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - moto's server, from the lock
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    try:
        for _ in range(100):
            try:
                client.list_buckets()
                break
            except Exception:  # noqa: BLE001 - not listening yet
                if server.poll() is not None:
                    pytest.fail("moto's S3 server did not start")
                time.sleep(0.1)
        yield endpoint, client
    finally:
        server.terminate()
        server.wait(timeout=10)


def _bucket(client) -> str:
    name = f"eagi-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return name


def _environment(endpoint: str, bucket: str) -> dict:
    return {
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        **KEYS,
    }


def _objects(client, bucket: str) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """The app's media storage pointed at a new bucket, as the MEDIA_STORAGE=s3
    variables configure it."""
    endpoint, client = s3_server
    name = _bucket(client)
    for variable, value in _environment(endpoint, name).items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": settings_module.media_storage()}
    return client, name


def test_uploads_and_issued_files_live_in_the_bucket_and_leave_only_through_the_app(
    bucket, settings, client, student, case, specialist, centre_head, other_specialist
):
    from routes import services as routes

    s3, name = bucket
    application = _apply(student, case)
    conclusion = routes.conclusion_save(
        student=case, actor=specialist, analysis="Талдау", adaptations=[]
    )
    conclusion = routes.conclusion_issue(conclusion=conclusion, actor=centre_head)

    client.force_login(specialist)
    pdf = client.get(reverse("routes:conclusion-pdf", args=[conclusion.pk]))
    assert pdf.status_code == 200
    issued = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content

    stored = _objects(s3, name)
    attachment = ApplicationAttachment.objects.get(application=application)
    assert attachment.file.name in stored
    assert issued in stored.values()  # the issued PDF is the object, byte for byte
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*"))
    # Private objects: the bucket's address alone gives nothing.
    head = s3.get_object_acl(Bucket=name, Key=attachment.file.name)
    assert all(g["Grantee"].get("URI") is None for g in head["Grants"])
    assert s3.head_object(Bucket=name, Key=attachment.file.name)["ServerSideEncryption"]

    download = client.get(reverse("students:attachment-download", args=[attachment.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert body == stored[attachment.file.name]
    client.force_login(other_specialist)  # not assigned to this case
    refused = client.get(reverse("students:attachment-download", args=[attachment.pk]))
    assert refused.status_code == 404  # the application is not theirs to know of


def test_a_bucket_out_of_reach_refuses_an_upload_clearly_and_keeps_nothing(
    settings, monkeypatch, client, student, case
):
    from students.applications import STORAGE_UNAVAILABLE, ApplicationError
    from students.models import Application

    for variable, value in _environment(f"http://127.0.0.1:{_free_port()}", "gone").items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": settings_module.media_storage()}
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        _apply(student, case)
    with translation.override("en"):
        assert str(refused.value) == str(STORAGE_UNAVAILABLE)  # the page's clear message
    assert Application.objects.count() == 0 and ApplicationAttachment.objects.count() == 0


@pytest.mark.once("backs up and restores whole SQLite instances", run_in="sqlite")
def test_backup_and_restore_round_trip_through_the_bucket(
    s3_server, tmp_path, demo_instance_template
):
    """The README's commands with MEDIA_STORAGE=s3: the demo's uploads and issued forms
    in a bucket, `backup` takes them from it, `restore` puts them into an empty one,
    and the restored instance's invariants (every stored file's SHA-256) hold. The demo
    is the README's (the session's copy of `migrate` and `seed_demo`), its files moved
    into the bucket under the same names, as an operator moving to object storage
    would; that the app itself writes to the bucket is the first test's."""
    endpoint, s3 = s3_server
    source_bucket, target_bucket = _bucket(s3), _bucket(s3)

    def manage(*args, bucket, database):
        env = _env(
            tmp_path,
            **_environment(endpoint, bucket),
            DATABASE_URL=f"sqlite:///{database}",
            MEDIA_ROOT=str(tmp_path / "never-used"),
            BACKUP_ENCRYPTION_KEY="",
        )
        return run_manage(env, *args, ok=False)

    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    shutil.copyfile(demo_instance_template / "db.sqlite3", source)
    media = demo_instance_template / "media"
    for file in (f for f in media.rglob("*") if f.is_file()):
        s3.put_object(
            Bucket=source_bucket, Key=file.relative_to(media).as_posix(), Body=file.read_bytes()
        )
    uploaded = _objects(s3, source_bucket)
    assert any(key.endswith(".pdf") for key in uploaded) and len(uploaded) >= 2
    before = manage("check_invariants", bucket=source_bucket, database=source)
    assert "All invariants hold." in before.stdout, before.stdout + before.stderr

    made = manage(
        "backup", "--output", str(tmp_path / "out"), bucket=source_bucket, database=source
    )
    assert made.returncode == 0, made.stderr
    [archive] = (tmp_path / "out").glob("eagi-backup-*.tar")
    restored = manage("restore", str(archive), bucket=target_bucket, database=target)
    assert restored.returncode == 0, restored.stderr
    assert _objects(s3, target_bucket) == uploaded
    assert not (tmp_path / "never-used").exists()  # nothing went to a local folder
    check = manage("check_invariants", bucket=target_bucket, database=target)
    assert "All invariants hold." in check.stdout, check.stdout + check.stderr
    # A bucket that is not empty is refused, as a non-empty folder is.
    again = manage("restore", str(archive), bucket=source_bucket, database=tmp_path / "t2.sqlite3")
    assert again.returncode != 0 and "not empty" in again.stderr
