"""A consistent backup of the database and the media files (workspace/backup.py).
Nightly, by a systemd timer or cron (docs/deployment.md)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workspace.backup import BackupError, backup, new_key, prune


class Command(BaseCommand):
    help = (
        "Write a backup archive (database, media, SHA-256 manifest), encrypted when "
        "BACKUP_ENCRYPTION_KEY is set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=Path(os.environ.get("BACKUP_DIR", "var/backups"))
        )
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new encryption key and exit."
        )
        parser.add_argument(
            "--keep-daily",
            type=int,
            help="After a good backup, keep the newest archive of this many days (and the "
            "monthly ones) and delete the older archives of the folder.",
        )
        parser.add_argument(
            "--keep-monthly",
            type=int,
            default=0,
            help="With --keep-daily: also keep the newest archive of this many months.",
        )

    def handle(self, *args, output, **options):
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        key = os.environ.get("BACKUP_ENCRYPTION_KEY") or None
        try:
            path, manifest = backup(output, key=key)
        except BackupError as error:
            raise CommandError(str(error)) from error
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"{path} ({path.stat().st_size:,} bytes): database ({manifest['engine']}) and "
            f"{media} media files{', encrypted' if manifest['encrypted'] else ''}"
        )
        if options["keep_daily"] is not None:
            if options["keep_daily"] < 1:
                raise CommandError("--keep-daily must keep at least today's archive (1).")
            deleted = prune(
                output, keep_daily=options["keep_daily"], keep_monthly=options["keep_monthly"]
            )
            for old in deleted:
                self.stdout.write(f"deleted {old} (older than the archives kept)")
