"""Backup and restore round trips on PostgreSQL and on SQLite: every table has the
same rows and every media file the same hash after a restore into an empty instance."""

import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from documents.rendering import issue
from routes import services as routes
from routes.forms_pdf import conclusion_form
from tests.helpers import apply_online as _apply
from workspace.backup import BackupError, backup, new_key, open_archive

ROOT = Path(__file__).resolve().parents[2]


def _conninfo(name: str) -> str:
    db = connection.settings_dict
    return (
        f"host={db['HOST'] or 'localhost'} port={db['PORT'] or 5432} "
        f"user={db['USER']} dbname={name}"
    )


def _counts(conninfo: str) -> dict[str, int]:
    with psycopg.connect(conninfo) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _manage(*args, env):
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.postgresql(
    "pg_dump and pg_restore; SQLite's round trip is in tests/test_documented_commands.py"
)
@pytest.mark.django_db(transaction=True)
def test_postgresql_round_trip_with_encryption(
    reference_data, tmp_path, settings, student, case, specialist, centre_head
):
    _apply(student, case)  # an application with an uploaded scan
    conclusion = routes.conclusion_save(
        student=case, actor=specialist, analysis="Талдау", adaptations=[]
    )
    conclusion = routes.conclusion_issue(conclusion=conclusion, actor=centre_head)
    issue(conclusion_form(conclusion), actor=centre_head, language="kk")
    key = new_key()
    archive, manifest = backup(tmp_path / "backups", key=key)
    assert archive.name.endswith(".tar.enc") and archive.stat().st_mode & 0o777 == 0o600
    media = [name for name in manifest["files"] if name.startswith("media/")]
    assert len(media) == 2  # the scan and the issued PDF
    assert b"%PDF" not in archive.read_bytes()  # encrypted, not merely packed

    target = f"restore_{uuid.uuid4().hex[:8]}"
    source_db = connection.settings_dict["NAME"]
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or 'localhost'}:{db['PORT']}/{target}"
        restored_media = tmp_path / "restored-media"
        env = {"DATABASE_URL": url, "MEDIA_ROOT": str(restored_media)}
        without_key = _manage("restore", str(archive), env=env)
        assert without_key.returncode != 0 and "BACKUP_ENCRYPTION_KEY" in without_key.stderr
        result = _manage("restore", str(archive), env={**env, "BACKUP_ENCRYPTION_KEY": key})
        assert result.returncode == 0, result.stderr
        assert _counts(_conninfo(target)) == _counts(_conninfo(source_db))
        for name in media:
            relative = name.removeprefix("media/")
            assert (restored_media / relative).read_bytes() == (
                Path(settings.MEDIA_ROOT) / relative
            ).read_bytes()
        # A second restore into the now non-empty instance is refused.
        again = _manage("restore", str(archive), env={**env, "BACKUP_ENCRYPTION_KEY": key})
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_changed_archive_is_refused(tmp_path, settings):
    # Committed, as a nightly backup sees it (SQLite cannot copy a database while the
    # same connection holds an open write transaction).
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.pdf").write_bytes(b"%PDF original")
    archive, _manifest = backup(tmp_path / "out")
    # Replace the file inside the archive by one with other content.
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as old, tarfile.open(tampered, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == "media/a.pdf":
                data = b"%PDF forged!!"
                member.size = len(data)
            import io

            new.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="hash differs: media/a.pdf"):
        open_archive(tampered, tmp_path / "work1", key=None)
    key = new_key()
    sealed, _ = backup(tmp_path / "sealed", key=key)
    with pytest.raises(BackupError, match="Wrong key"):
        open_archive(sealed, tmp_path / "work2", key=new_key())
    assert open_archive(sealed, tmp_path / "work3", key=key)["encrypted"] is True


pytestmark = pytest.mark.django_db


def test_rotation_keeps_14_daily_and_12_monthly_archives(tmp_path):
    """#27: the guide promised 14 daily and 12 monthly copies and nothing pruned
    BACKUP_DIR. `backup --keep-daily 14 --keep-monthly 12` (the nightly unit) does."""
    import datetime

    from workspace.backup import prune

    day = datetime.datetime(2026, 12, 2, 2, 15)
    names = []
    for back in range(400):  # a nightly archive for 400 nights, two on the newest night
        stamp = (day - datetime.timedelta(days=back)).strftime("%Y%m%d-%H%M%S")
        names.append(f"eagi-backup-{stamp}.tar.enc")
    names.append("eagi-backup-20261202-031500.tar.enc")
    for name in [*names, "notes.txt", "eagi-backup-latest.tar"]:
        (tmp_path / name).write_bytes(b"x")
    deleted = prune(tmp_path, keep_daily=14, keep_monthly=12)
    left = sorted(path.name for path in tmp_path.iterdir())
    archives = [name for name in left if name.startswith("eagi-backup-2")]
    # The newest of each of the last 14 nights, and of each of the last 12 months
    # (December's and November's newest are among the 14): 14 + 10.
    assert len(archives) == 24, archives
    assert "eagi-backup-20261202-031500.tar.enc" in archives  # the night's newest
    assert "eagi-backup-20261202-021500.tar.enc" not in archives
    assert "eagi-backup-20261119-021500.tar.enc" in archives  # 14th night back
    assert "eagi-backup-20261118-021500.tar.enc" not in archives
    assert "eagi-backup-20260131-021500.tar.enc" in archives  # January's newest
    assert not any(name.startswith("eagi-backup-2025") for name in archives)
    assert {"notes.txt", "eagi-backup-latest.tar"} <= set(left)  # not ours: left alone
    assert len(deleted) == len(names) - 24


@pytest.mark.parametrize("kind", ["parent", "absolute", "symlink"])
def test_an_archive_cannot_write_outside_its_folder(tmp_path, kind):
    """Restore unpacks by hand (Python 3.11.2 has no extraction filter): a member
    that climbs out, an absolute name or a link is refused, and nothing is written."""
    import io
    import json

    archive = tmp_path / "eagi-backup-20261202-021500.tar"
    with tarfile.open(archive, "w") as tar:
        manifest = json.dumps({"files": {}}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        if kind == "symlink":
            info = tarfile.TarInfo("media/link")
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
        else:
            name = "../escaped" if kind == "parent" else str(tmp_path / "escaped")
            info = tarfile.TarInfo(name)
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(BackupError, match="suspicious member"):
        open_archive(archive, tmp_path / "work", key=None)
    assert not (tmp_path / "escaped").exists()
    assert not (tmp_path / "work" / "unpacked" / "manifest.json").exists()
