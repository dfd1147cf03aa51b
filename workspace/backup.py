"""Backup and restore of the whole instance: the database and the media files (uploads
and issued forms), in one archive with a manifest of SHA-256 hashes.

The archive is a tar file holding
- `manifest.json`: when, which engine, the applied migrations, and the hash and size
  of every other member;
- `database.dump` (PostgreSQL, pg_dump's custom format: one consistent snapshot) or
  `database.sqlite3` (SQLite's online backup API: consistent while the app runs);
- `media/...`: every file of the media storage (MEDIA_ROOT, or the S3 bucket with
  MEDIA_STORAGE=s3), copied after the database snapshot, so every file a row of the
  snapshot names is in the archive.

With BACKUP_ENCRYPTION_KEY set (a key made by `manage.py backup --new-key`), the tar is
encrypted and authenticated in 8 MiB chunks (Fernet: AES-128-CBC with HMAC-SHA256);
the archive then starts with MAGIC. Restore refuses any archive whose hashes do not
match its manifest, and any target that is not empty.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from eagi_inclusion import data_version, signed_in

MAGIC = b"EAGI-BACKUP-ENCRYPTED-1\n"
CHUNK = 8 * 1024 * 1024


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    """libpq arguments and environment for pg_dump / pg_restore from DATABASES."""
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args, env


def _tool(name: str) -> str:
    candidates = [os.environ.get("PG_BIN", ""), *sorted(Path("/usr/lib/postgresql").glob("*/bin"))]
    for folder in candidates:
        if folder and (Path(folder) / name).exists():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt install postgresql-client).")
    return found


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


def _dump_database(folder: Path) -> Path:
    vendor = connection.vendor
    if vendor == "postgresql":
        target = folder / "database.dump"
        args, env = _pg_env()
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)
        return target
    if vendor == "sqlite":
        target = folder / "database.sqlite3"
        # SQLite's online backup, through Django's own connection: it reads a
        # consistent copy while the app goes on, and works for an in-memory database.
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return target
    raise BackupError(f"Backups of {vendor} databases are not supported.")


def _migrations() -> dict[str, str]:
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _fernet(key: str):
    from cryptography.fernet import Fernet

    try:
        return Fernet(key.encode())
    except (ValueError, TypeError) as error:
        raise BackupError(
            "BACKUP_ENCRYPTION_KEY is not a valid key: make one with manage.py backup --new-key."
        ) from error


def _encrypt(source: Path, target: Path, key: str) -> None:
    fernet = _fernet(key)
    with source.open("rb") as plain, target.open("wb") as out:
        out.write(MAGIC)
        for block in iter(lambda: plain.read(CHUNK), b""):
            token = fernet.encrypt(block)
            out.write(struct.pack(">I", len(token)))
            out.write(token)


def _decrypt(source: Path, target: Path, key: str | None) -> None:
    from cryptography.fernet import InvalidToken

    if not key:
        raise BackupError("This backup is encrypted: set BACKUP_ENCRYPTION_KEY to restore it.")
    fernet = _fernet(key)
    with source.open("rb") as sealed, target.open("wb") as out:
        sealed.read(len(MAGIC))
        while header := sealed.read(4):
            (length,) = struct.unpack(">I", header)
            try:
                out.write(fernet.decrypt(sealed.read(length)))
            except InvalidToken as error:
                raise BackupError(
                    "Wrong key, or the backup was changed after it was made."
                ) from error


def backup(output_dir: Path, *, key: str | None = None) -> tuple[Path, dict]:
    """Write one archive into output_dir; returns its path and manifest."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(dir=output_dir) as work:
        work = Path(work)
        database = _dump_database(work)
        files = {database.name: {"sha256": _sha256(database), "size": database.stat().st_size}}
        media = []
        for name in media_names():
            path = work / "media" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, path.open("wb") as copy:
                shutil.copyfileobj(source, copy, CHUNK)
            media.append(path)
            files["media/" + name] = {"sha256": _sha256(path), "size": path.stat().st_size}
        media_root = work / "media"
        manifest = {
            "format": 1,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": _migrations(),
            "encrypted": bool(key),
            "files": files,
        }
        plain = work / "archive.tar"
        with tarfile.open(plain, "w") as tar:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            (work / "manifest.json").write_bytes(data)
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(database, arcname=database.name)
            for path in media:
                tar.add(path, arcname="media/" + path.relative_to(media_root).as_posix())
        if key:
            target = output_dir / f"eagi-backup-{stamp}.tar.enc"
            _encrypt(plain, target, key)
        else:
            target = output_dir / f"eagi-backup-{stamp}.tar"
            shutil.move(plain, target)
    target.chmod(0o600)
    return target, manifest


ARCHIVE_NAME = re.compile(r"^eagi-backup-(\d{8})-(\d{6})\.tar(\.enc)?$")


def prune(folder: Path, *, keep_daily: int, keep_monthly: int) -> list[Path]:
    """Delete the archives of folder that neither rule keeps, and return them.

    Kept: the newest archive of each of the `keep_daily` newest days that have one,
    and the newest archive of each of the `keep_monthly` newest months. Only files
    named as `backup` names them are considered; anything else is left alone.
    """
    archives = sorted(
        (match.group(1) + match.group(2), path)
        for path in folder.iterdir()
        if path.is_file() and (match := ARCHIVE_NAME.match(path.name))
    )
    newest_per_day: dict[str, Path] = {}
    newest_per_month: dict[str, Path] = {}
    for stamp, path in archives:  # oldest first: the last one of a day or month wins
        newest_per_day[stamp[:8]] = path
        newest_per_month[stamp[:6]] = path
    kept = set()
    for day in sorted(newest_per_day, reverse=True)[:keep_daily]:
        kept.add(newest_per_day[day])
    for month in sorted(newest_per_month, reverse=True)[:keep_monthly]:
        kept.add(newest_per_month[month])
    deleted = [path for _stamp, path in archives if path not in kept]
    for path in deleted:
        path.unlink()
    return deleted


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Refusing a suspicious member of the archive: {member.name}")
        yield member


def _unpack(tar: tarfile.TarFile, target: Path) -> None:
    """Write the archive's plain files and folders under target, by hand.

    Not `extractall(filter="data")`: the filter argument arrived in Python 3.11.4, and
    Debian 12 runs 3.11.2, where a restore must work (tests/test_deployment.py runs
    it with that interpreter). Only files and folders with relative names and no `..`
    are accepted (_safe_members); owners, modes and times are not taken from the
    archive, so nothing it says can reach outside target or make a file executable.
    """
    target.mkdir(parents=True, exist_ok=True)
    root = target.resolve()
    members = []  # every member checked before the first byte is written
    for member in _safe_members(tar):
        path = (root / member.name).resolve()
        if path != root and root not in path.parents:
            raise BackupError(f"Refusing a suspicious member of the archive: {member.name}")
        members.append((member, path))
    for member, path in members:
        if member.isdir():
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        with source, path.open("xb") as out:
            shutil.copyfileobj(source, out, CHUNK)


def open_archive(archive: Path, work: Path, *, key: str | None) -> dict:
    """Decrypt if needed, unpack into work, and verify every hash of the manifest."""
    work.mkdir(parents=True, exist_ok=True)
    with archive.open("rb") as handle:
        encrypted = handle.read(len(MAGIC)) == MAGIC
    tar_path = archive
    if encrypted:
        tar_path = work / "archive.tar"
        _decrypt(archive, tar_path, key)
    unpacked = work / "unpacked"
    try:
        with tarfile.open(tar_path) as tar:
            _unpack(tar, unpacked)
    except FileExistsError as error:
        raise BackupError(f"The archive holds one name twice: {error.filename}") from error
    except tarfile.TarError as error:
        raise BackupError(f"Not a backup archive: {error}") from error
    manifest_path = unpacked / "manifest.json"
    if not manifest_path.exists():
        raise BackupError("The archive has no manifest.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    problems = []
    for name, expected in manifest["files"].items():
        path = unpacked / name
        if not path.is_file():
            problems.append(f"missing: {name}")
        elif _sha256(path) != expected["sha256"]:
            problems.append(f"hash differs: {name}")
    listed = set(manifest["files"]) | {"manifest.json"}
    extra = [
        p.relative_to(unpacked).as_posix()
        for p in unpacked.rglob("*")
        if p.is_file() and p.relative_to(unpacked).as_posix() not in listed
    ]
    problems += [f"not in the manifest: {name}" for name in extra]
    if problems:
        raise BackupError("The backup does not match its manifest: " + "; ".join(problems[:20]))
    manifest["_unpacked"] = str(unpacked)
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def media_names() -> list[str]:
    """Every file of the media storage, local or object storage, by its stored name."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:  # a local MEDIA_ROOT not made yet
            continue
        names += [f"{folder}/{name}" if folder else name for name in files]
        folders += [f"{folder}/{name}" if folder else name for name in subfolders]
    return sorted(names)


def restore(archive: Path, *, key: str | None = None) -> dict:
    """Restore into an empty database and an empty media storage, then verify."""
    if not _database_is_empty():
        raise BackupError("The database is not empty: restore only into a new, empty database.")
    if media_names():
        raise BackupError(
            "The media storage (MEDIA_ROOT or the bucket) is not empty: restore into an empty one."
        )
    with tempfile.TemporaryDirectory() as work:
        manifest = open_archive(archive, Path(work), key=key)
        unpacked = Path(manifest.pop("_unpacked"))
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"This is a {manifest['engine']} backup; the database here is {connection.vendor}."
            )
        if connection.vendor == "postgresql":
            args, env = _pg_env()
            connection.close()
            _run(
                [
                    _tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *args,
                    str(unpacked / "database.dump"),
                ],
                env,
            )
        else:
            connection.close()
            shutil.copyfile(unpacked / "database.sqlite3", settings.DATABASES["default"]["NAME"])
        for name, expected in manifest["files"].items():
            if not name.startswith("media/"):
                continue
            stored_name = name.removeprefix("media/")
            with (unpacked / name).open("rb") as source:
                saved = default_storage.save(stored_name, File(source))
            if saved != stored_name:
                raise BackupError(f"{name} was stored as {saved}.")
            digest = hashlib.sha256()
            with default_storage.open(stored_name, "rb") as restored:
                while chunk := restored.read(CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() != expected["sha256"]:
                raise BackupError(f"{name} differs after restoring it.")
    if _migrations() != manifest["migrations"]:
        raise BackupError("The restored database's migrations differ from the manifest.")
    # pg_restore and the file copy wrote past Django's connection: nothing the cache
    # keeps about the data before (the signed-in users, the home pages) is valid now.
    data_version.replace()
    signed_in.forget_everyone()
    return manifest
