"""Add a large, realistic data set for measurements (routes/scale.py)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from routes.scale import generate


class Command(BaseCommand):
    help = "Add N students with cases, applications, conclusions and routes, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, required=True)
        parser.add_argument("--specialist-cases", type=int, default=200)
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, students, specialist_cases, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to add invented people without DEBUG; use --force.")
        started = time.monotonic()
        made = generate(students=students, specialist_cases=specialist_cases)
        self.stdout.write(
            f"{students} students added in {time.monotonic() - started:.1f} s; "
            f"{made['students']} in all."
        )
