"""Daily: implementation reports still open after IMPLEMENTATION_ESCALATION_DAYS go up
to the head of the centre."""

from django.core.management.base import BaseCommand

from support.services import escalate_reports


class Command(BaseCommand):
    help = "Escalate implementation reports left unresolved past the deadline."

    def handle(self, *args, **options):
        self.stdout.write(f"Reports escalated: {escalate_reports()}")
