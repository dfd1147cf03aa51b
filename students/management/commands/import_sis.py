"""Import study groups, courses, students or teaching assignments exported by the
student information system (students/importer.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from students.importer import KINDS, ImportFileError, import_file


class Command(BaseCommand):
    help = "Import a CSV or XLSX file from the student information system."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="Import the good rows of a file that has bad ones (default: import nothing).",
        )

    def handle(self, *args, kind, file, dry_run, skip_errors, **options):
        try:
            report = import_file(
                kind, file.name, file.read_bytes(), dry_run=dry_run, skip_errors=skip_errors
            )
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        verdict = (
            "dry run, nothing changed"
            if report.dry_run
            else ("imported" if report.imported else "NOTHING IMPORTED: the file has errors")
        )
        self.stdout.write(
            f"{kind}: {report.created} new, {report.updated} changed, "
            f"{report.unchanged} unchanged, {len(report.errors)} with errors ({verdict})"
        )
        if report.errors and not report.imported and not report.dry_run:
            raise CommandError("Fix the rows above, or run again with --skip-errors.")
