"""The page's side of ЭЦП (documents/ecp.py checks the signatures): the one-time data a
person signs to sign in, the Content Security Policy that lets the page reach NCALayer,
and the record of every attempt (EcpEvent)."""

import base64
import secrets
import time

from django.conf import settings

from .access_log import _client_ip
from .models import EcpEvent

CHALLENGE_SECONDS = 300


def new_challenge(request, purpose: str) -> bytes:
    """A one-time nonce for this session (single use, five minutes): what a person signs
    to sign in. Each new one replaces the last."""
    nonce = secrets.token_bytes(32)
    request.session[f"ecp_challenge_{purpose}"] = [base64.b64encode(nonce).decode(), time.time()]
    return nonce


def take_challenge(request, purpose: str) -> bytes | None:
    """The session's nonce, used up: None when there is none, it expired or was used."""
    stored = request.session.pop(f"ecp_challenge_{purpose}", None)
    if not stored or time.time() - stored[1] > CHALLENGE_SECONDS:
        return None
    return base64.b64decode(stored[0])


def allow_ncalayer(response):
    """The page may open a WebSocket to NCALayer and nowhere else beyond its own site."""
    response._csp_update = {"connect-src": [settings.NCALAYER_URL]}
    return response


def record(request, *, purpose, outcome, reason="", holder=None, user=None, obj=None):
    return EcpEvent.objects.create(
        purpose=purpose,
        outcome=outcome,
        reason=reason[:40],
        iin=holder.iin if holder else "",
        certificate_serial=holder.serial[:80] if holder else "",
        certificate_issuer=holder.issuer[:300] if holder else "",
        user=user,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=_client_ip(request),
    )
