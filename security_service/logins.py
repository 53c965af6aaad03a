"""Who logs in from where: the client's address behind the proxies (PROXY_COUNT), and login throttling (django-axes).

`client_address` is the one reading of a request's address: axes' (AXES_CLIENT_IP_CALLABLE) and the audit trail's.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_address(request):
    """The IP address of the client that sent `request` (None without a request, or where it is not an address).

    With PROXY_COUNT=0, the connection's (REMOTE_ADDR). Behind PROXY_COUNT proxies, each appending the address it was
    connected from to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`), the entry the outermost one wrote: the
    PROXY_COUNT-th from the right. The entries left of it are the client's own to write, and never read. A request
    that came through fewer proxies has the entry of the outermost it came through; one with no X-Forwarded-For came
    through none (a health check on loopback), and is from its connection.
    """
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = forwarded.split(",") if settings.PROXY_COUNT and forwarded else []
    address = entries[-min(settings.PROXY_COUNT, len(entries))] if entries else request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler, locking what AXES_LOCKOUT_PARAMETERS says (an account from an address) after
    AXES_FAILURE_LIMIT failures, and also an address after ADDRESS_FAILURE_LIMIT failures, whatever the accounts."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        from_address = attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
        if from_address >= settings.ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
