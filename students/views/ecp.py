"""Signing in with ЭЦП through NCALayer (#31). Anyone may open the page; the signature
decides who is signed in (students/ecp.py)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from documents import ecp, ecp_pages
from eagi_inclusion.ratelimit import over_limit

from .. import ecp as ecp_sign_in


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or settings.LOGIN_REDIRECT_URL
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters("signature")
@csrf_protect
@never_cache
def sign_in(request):
    """Who: anyone (signed out). The page issues a nonce; the POST carries NCALayer's
    signature of it."""
    if not ecp.enabled():
        raise Http404
    error = ""
    if request.method == "POST" and over_limit(
        request, "ecp-sign-in",
        limit=settings.ECP_SIGN_IN_RATE_LIMIT, period=settings.ECP_SIGN_IN_RATE_PERIOD,
    ):  # fmt: skip
        error = _("Too many attempts from this computer. Please wait a few minutes.")
    elif request.method == "POST":
        try:
            ecp_sign_in.sign_in(request, request.POST.get("signature", ""))
        except ecp.Refused as refusal:
            error = refusal.message
        else:
            return redirect(_next(request))
    response = render(
        request,
        "registration/ecp_sign_in.html",
        {"ecp": ecp_sign_in.sign_in_form(request, error=error, next_url=_next(request))},
        status=400 if error else 200,
    )
    return ecp_pages.allow_ncalayer(response)
