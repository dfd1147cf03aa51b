"""Restore a backup archive into an empty instance and verify it (workspace/backup.py)."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workspace.backup import BackupError, open_archive, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and MEDIA_ROOT, verifying every hash."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Check the archive against its manifest; restore nothing.",
        )

    def handle(self, *args, archive, verify_only, **options):
        import tempfile

        key = os.environ.get("BACKUP_ENCRYPTION_KEY") or None
        try:
            if verify_only:
                with tempfile.TemporaryDirectory() as work:
                    manifest = open_archive(archive, Path(work), key=key)
                verdict = "verified"
            else:
                manifest = restore(archive, key=key)
                verdict = "restored and verified"
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{archive}: {verdict} — {len(manifest['files'])} files, made {manifest['created_at']}"
        )
