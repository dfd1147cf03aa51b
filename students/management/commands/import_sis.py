"""Import the Institute's catalogue exported by the student information system
(students/importer.py), in KINDS' order: faculties, programmes, periods, groups,
courses, students, teaching assignments. Messages are in the operator's language
(--language, else LANGUAGE_CODE)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from students.importer import KINDS, ImportFileError, import_file


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file from the student information system. Order: "
        + ", ".join(KINDS)
        + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="Import the good rows of a file that has bad ones (default: import nothing).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages (default: LANGUAGE_CODE).",
        )

    def handle(self, *args, kind, file, dry_run, skip_errors, language, **options):
        with translation.override(language or settings.LANGUAGE_CODE):
            self._import(kind, file, dry_run, skip_errors)

    def _import(self, kind, file, dry_run, skip_errors):
        try:
            report = import_file(
                kind, file.name, file.read_bytes(), dry_run=dry_run, skip_errors=skip_errors
            )
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for line, message in report.errors:
            self.stderr.write(_("line %(line)s: %(message)s") % {"line": line, "message": message})
        if report.dry_run:
            verdict = _("dry run, nothing changed")
        elif report.imported:
            verdict = _("imported")
        else:
            verdict = _("NOTHING IMPORTED: the file has errors")
        self.stdout.write(
            _(
                "%(kind)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, "
                "%(errors)s with errors (%(verdict)s)"
            )
            % {
                "kind": KINDS[kind],
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "errors": len(report.errors),
                "verdict": verdict,
            }
        )
        if report.errors and not report.imported and not report.dry_run:
            raise CommandError(_("Fix the rows above, or run again with --skip-errors."))
