"""Approving a route with ЭЦП (routes/signing.py). Who: the rector's office, on a
route it may approve; the document prepared for a person's signature is that person's
alone to read."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import ecp

from .. import signing
from ..services import RouteError
from ..workflow import may
from .routes import visible_route


def _route_to_approve(request, pk):
    route = visible_route(request, pk)
    if not may(request.user, route, "approve") or ecp.policy(signing.DECISION) == ecp.CLICK:
        raise PermissionDenied
    return route


def _sign_page(request, route, pending, error=""):
    context = {
        "route": route,
        "pending": pending,
        "ecp": {
            "action": reverse("routes:route-approve-sign", args=[route.pk]),
            "purpose": ecp.SIGNING,
            "data": base64.b64encode(bytes(pending.digest)).decode(),
            "digested": True,
            "ncalayer": settings.NCALAYER_URL,
            "install_url": settings.NCALAYER_INSTALL_URL,
            "label": _("Sign with ЭЦП and approve"),
            "hidden": [("request", pending.pk)],
            "error": error,
            "otherwise": None,
        },
    }
    response = render(request, "routes/approve_sign.html", context, status=400 if error else 200)
    return ecp.allow_ncalayer(response)


@require_POST
@login_required
def route_approve_sign(request, pk):
    """POST with a comment: prepare the form to sign and show the signing page; POST
    with NCALayer's signature: check it and approve."""
    route = _route_to_approve(request, pk)
    if "signature" not in request.POST:
        try:
            pending = signing.prepare(
                route=route, actor=request.user, comment=request.POST.get("comment", "")[:2000]
            )
        except RouteError as error:
            messages.error(request, str(error))
            return redirect(route)
        return _sign_page(request, route, pending)
    pending = signing.open_request(
        pk=int(request.POST.get("request") or 0), actor=request.user, route=route
    )
    if pending is None:
        messages.error(request, _("This signature request has expired. Begin again."))
        return redirect("routes:route-transition", route.pk, "approve")
    try:
        signing.complete(
            request=request, pending=pending, route=route, signature=request.POST["signature"]
        )
    except ecp.Refused as refusal:
        return _sign_page(request, route, pending, error=refusal.message)
    except RouteError as error:
        messages.error(request, str(error))
        return redirect(route)
    messages.success(request, _("The route is approved and signed with your ЭЦП."))
    return redirect(route)


@login_required
def route_approve_sign_pdf(request, pk, request_pk):
    """The document as it will be signed: its preparer's to read before signing."""
    route = _route_to_approve(request, pk)
    pending = signing.open_request(pk=request_pk, actor=request.user, route=route)
    if pending is None:
        raise Http404
    pdf = type(pending).objects.values_list("pdf", flat=True).get(pk=pending.pk)
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pending.number}.pdf"'.replace("/", "-")
    response["Cache-Control"] = "private, no-store"
    return response
