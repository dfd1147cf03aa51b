"""A fixed-window request limit per client address, kept in Django's cache.

Used by pages anyone may open without signing in (the public verification page), so
that nobody can walk the space of verification codes or hashes. The address is read
from the header the deployment names for django-axes (CLIENT_ADDRESS_HEADER), as the
sign-in throttling does. With the default per-process cache each worker counts on its
own; a shared cache (docs/deployment.md) makes the limit exact."""

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    header = settings.AXES_IPWARE_META_PRECEDENCE_ORDER[0]
    return request.META.get(header) or request.META.get("REMOTE_ADDR") or "unknown"


def over_limit(request, scope: str, *, limit: int, period: int) -> bool:
    """Count this request; True once more than `limit` came from its address in the
    current `period`-second window."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_address(request)}:{window}"
    if cache.add(key, 1, timeout=period + 5):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 5)
        count = 1
    return count > limit
