"""Queue the daily jobs (workspace/tasks.py) for the worker: the daily timer's command
when a worker runs (docs/deployment.md §5)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from eagi_inclusion.roles import Role
from workspace.tasks import enqueue_daily


def default_actor() -> str:
    """The head of the centre recorded as closing ended routes: the longest-serving
    active one (the unit installed by scripts/deploy.sh names nobody)."""
    head = (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, groups__name=Role.CENTRE_HEAD)
        .order_by("date_joined", "pk")
        .values_list("username", flat=True)
        .first()
    )
    if head is None:
        raise CommandError(
            "No active head of the centre yet: create one (manage.py first_accounts), "
            "or name one with --actor."
        )
    return head


class Command(BaseCommand):
    help = "Queue the daily jobs: close ended routes, escalate reports, the digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor",
            help="User name of the centre head recorded as closing (default: the "
            "longest-serving active head of the centre).",
        )

    def handle(self, *args, actor, **options):
        for result in enqueue_daily(actor or default_actor()):
            self.stdout.write(f"{result.task.name}: {result.status}")
