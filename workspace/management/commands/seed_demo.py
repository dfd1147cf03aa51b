"""A lived-in demo institute. Safe to run again: every row is found by its natural key
(username, code, IIN) and updated rather than duplicated.

The accounts and names are a contract that acceptance checks and the README rely on
(workspace/demo/data.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from documents.seal import make_demo_seal
from students.models import Student
from workspace.demo import people, work
from workspace.demo.data import ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create (or refresh) the demo institute with the documented demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; it runs only with "
                "DEBUG on, or with --force on a database that is not production."
            )
        if not settings.SEAL_PKCS12 and not Path(settings.SEAL_DEMO_PKCS12).is_file():
            # The demo's forms are sealed by a self-made certificate authority.
            make_demo_seal(Path(settings.SEAL_DEMO_PKCS12))
        # The demo's own workflow e-mails would only flood the console.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            users = people.accounts()
            groups, periods = people.institute(users)
            people.students(users, groups)
            people.applications(users)
            people.paper_application(users)
            work.routes(users, periods[0])
            work.support(users)
            work.aids(users)
            work.event_requests(users)
            work.complaints(users)
            work.disclosures(users)
            work.issue_forms(users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(ACCOUNTS)} accounts (password {DEMO_PASSWORD}), "
                f"{Student.objects.count()} students, {len(periods)} academic periods."
            )
        )
