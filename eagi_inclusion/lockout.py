"""Sign-in throttling by user name and address together, plus a higher limit per
address (django-axes with a handler that weighs the two).

Locking a user name alone let anyone lock the centre head out from anywhere with five
wrong passwords, and let one address try a password on every account. Now five
failures lock that name *from that address* only (the head signs in from her office
while someone elsewhere is locked out), and AXES_IP_FAILURE_LIMIT failures from one
address, whatever the names, lock the address: password spraying is throttled. The
trade-off for a campus behind one NAT address is in docs/deployment.md."""

from axes.handlers.database import AxesDatabaseHandler
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
