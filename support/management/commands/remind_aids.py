"""Daily: the holders of technical aids due back within AID_REMINDER_DAYS are reminded,
and the aids past their date reported to the head and the specialists on the case."""

from django.core.management.base import BaseCommand

from support.aids import remind_aids


class Command(BaseCommand):
    help = "Remind the holders of technical aids due back soon; report those overdue."

    def handle(self, *args, **options):
        self.stdout.write(f"Reminders sent: {remind_aids()}")
