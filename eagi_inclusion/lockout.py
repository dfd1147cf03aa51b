"""Sign-in throttling by user name and address together, plus a higher limit per
address (django-axes with a handler that weighs the two).

Locking a user name alone let anyone lock the centre head out from anywhere with five
wrong passwords, and let one address try a password on every account. Now five
failures lock that name *from that address* only (the head signs in from her office
while someone elsewhere is locked out), and AXES_IP_FAILURE_LIMIT failures from one
address, whatever the names, lock the address: password spraying is throttled. The
trade-off for a campus behind one NAT address is in docs/deployment.md."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class NameAndAddressHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]: failures
    are counted for the name at this address and for the address alone; the address's
    count is scaled so that AXES_IP_FAILURE_LIMIT of them weigh as AXES_FAILURE_LIMIT."""

    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        if len(counts) != 2:
            return max(counts, default=0)
        name_at_address, address = counts
        scaled = address * settings.AXES_FAILURE_LIMIT // settings.AXES_IP_FAILURE_LIMIT
        return max(name_at_address, scaled)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears the failures of that account at that address,
        and nothing else. axes' own reset deletes every row each lockout parameter
        matches — with "ip_address" alone among them, every failure of the address:
        anyone who holds an account could then guess another account's password
        without limit, signing in as themselves between guesses (#28, finding 4). The
        per-address count goes on counting the other names' failures."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
