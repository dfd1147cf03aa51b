"""Queue the daily jobs (workspace/tasks.py) for the worker: the daily timer's command
when a worker runs (docs/deployment.md §5)."""

from django.core.management.base import BaseCommand

from workspace.tasks import enqueue_daily


class Command(BaseCommand):
    help = "Queue the daily jobs: close ended routes, escalate reports, the digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor", required=True, help="User name of the centre head recorded as closing."
        )

    def handle(self, *args, actor, **options):
        for result in enqueue_daily(actor):
            self.stdout.write(f"{result.task.name}: {result.status}")
