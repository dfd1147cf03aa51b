"""Check what must always hold in the data (workspace/invariants.py); exit 1 and
list the problems when something does not."""

from django.core.management.base import BaseCommand, CommandError

from workspace.invariants import check_all


class Command(BaseCommand):
    help = "Check the data's invariants: registration, files and hashes, single approvals."

    def handle(self, *args, **options):
        problems = check_all()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problems")
        self.stdout.write("All invariants hold.")
