"""Signing in with ЭЦП (#31): the certificate's IIN finds the one active account — a
staff member's by the IIN on the account, a student's by the IIN of the student's case
— and the sign-in counts as both factors (the key and its password are two)."""

import base64

from django.conf import settings
from django.contrib.auth import login
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from documents import ecp, ecp_pages
from documents.access_log import access_log
from documents.models import AccessEvent, EcpEvent
from eagi_inclusion.two_factor import ECP_SESSION_KEY

from .models import User

PURPOSE = "sign_in"


def account_for_iin(iin: str) -> User | None:
    """The one active account the IIN belongs to, or None (none, or more than one)."""
    if not iin:
        return None
    found = list(
        User.objects.filter(Q(iin=iin) | Q(student__iin=iin), is_active=True).distinct()[:2]
    )
    return found[0] if len(found) == 1 else None


def sign_in_form(request, *, error: str = "", next_url: str = "") -> dict:
    """What components/ecp_form.html needs to ask NCALayer to sign a fresh nonce."""
    nonce = ecp_pages.new_challenge(request, PURPOSE)
    return {
        "action": reverse("ecp-sign-in"),
        "purpose": ecp.AUTHENTICATION,
        "data": base64.b64encode(nonce).decode(),
        "digested": False,
        "ncalayer": settings.NCALAYER_URL,
        "install_url": settings.NCALAYER_INSTALL_URL,
        "label": _("Sign in with ЭЦП"),
        "hidden": [("next", next_url)],
        "error": error,
        "otherwise": {"url": reverse("login"), "label": _("Sign in with a password instead")},
    }


def sign_in(request, signature: str) -> User:
    """Check the signature over this session's nonce and sign the account in; raises
    ecp.Refused with the sentence to show. Every attempt is recorded."""
    nonce = ecp_pages.take_challenge(request, PURPOSE)
    if nonce is None:
        ecp_pages.record(request, purpose=PURPOSE, outcome=EcpEvent.Outcome.REFUSED, reason="nonce")
        raise ecp.Refused(
            "nonce",
            _("This sign-in request has expired or was already used. Press the button again."),
        )
    try:
        holder = ecp.verify_detached(signature, nonce, ecp.AUTHENTICATION)
    except ecp.Refused as refusal:
        ecp_pages.record(
            request, purpose=PURPOSE, outcome=EcpEvent.Outcome.REFUSED, reason=refusal.code,
            holder=refusal.holder,
        )  # fmt: skip
        raise
    user = account_for_iin(holder.iin)
    if user is None:
        ecp_pages.record(
            request, purpose=PURPOSE, outcome=EcpEvent.Outcome.REFUSED, reason="no_account",
            holder=holder,
        )  # fmt: skip
        raise ecp.Refused(
            "no_account",
            _(
                "No active account here has the IIN of this certificate. Ask the centre to "
                "add your IIN to your account, or sign in with your password."
            ),
            holder=holder,
        )
    login(request, user, backend="eagi_inclusion.backends.ModelBackendOneQuery")
    request.session[ECP_SESSION_KEY] = True
    request.user = user
    ecp_pages.record(
        request, purpose=PURPOSE, outcome=EcpEvent.Outcome.ACCEPTED, holder=holder, user=user
    )
    access_log(
        request=request,
        action=AccessEvent.Action.ECP_SIGN_IN,
        reason=f"{holder.serial} {holder.issuer}"[:300],
    )
    return user
