"""Daily digest of notifications and overdue items. Run once a day by cron or a
systemd timer (README: Scheduled work)."""

from django.core.management.base import BaseCommand

from students.notifications import send_digests
from workspace.digest import overdue_for


class Command(BaseCommand):
    help = "E-mail each person their daily digest: unsent notifications and overdue items."

    def handle(self, *args, **options):
        sent = send_digests(overdue_for)
        self.stdout.write(f"Digests sent: {sent}")
