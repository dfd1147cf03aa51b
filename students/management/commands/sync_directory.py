"""End the accounts whose entry is gone from the Institute's directory (students/
directory.py). Run daily with the other timers when LDAP_SERVER_URI is set."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from students.directory import deactivate_directory_leavers


class Command(BaseCommand):
    help = "Deactivate the accounts whose directory entry is gone."

    def handle(self, *args, **options):
        if not getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
            raise CommandError("No directory is configured (LDAP_SERVER_URI).")
        import ldap

        try:
            gone = deactivate_directory_leavers()
        except ldap.LDAPError as error:
            message = f"The directory did not answer; nobody deactivated: {error}"
            raise CommandError(message) from error
        self.stdout.write(f"Deactivated {len(gone)} account(s): {', '.join(gone) or '-'}")
