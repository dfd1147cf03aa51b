"""A consistent backup of the database and the media files (workspace/backup.py).
Nightly, by a systemd timer or cron (docs/deployment.md)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workspace.backup import BackupError, backup, new_key


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
