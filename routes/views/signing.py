"""Taking a decision by signing with ЭЦП (documents/signing.py, routes/signing.py). Who:
the person the decision is given to (the rector's office for a route it may approve,
the head for a conclusion, the chair for a protocol), on a record they may see; a
document prepared for a person's signature is that person's alone to read."""

import base64
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents import ecp, ecp_pages
from documents import signing as engine

from ..models import Route, RouteCourseSection
from ..signing import COUNTERSIGNATURES, DECISIONS
from .common import case_for_staff
from .routes import visible_route

TITLES = {
    "route_approve": (_("Approve the route with ЭЦП"), _("Sign with ЭЦП and approve")),
    "conclusion_issue": (_("Issue the conclusion with ЭЦП"), _("Sign with ЭЦП and issue")),
    "protocol_sign": (_("Sign the protocol with ЭЦП"), _("Sign with ЭЦП and register")),
}


def _visible(request, decision, pk):
    """The record, as its page finds it for this person (404 where it is not theirs)."""
    if decision.key == "route_approve":
        return visible_route(request, pk)
    obj = get_object_or_404(decision.model.objects.select_related("student"), pk=pk)
    case_for_staff(request, obj.student_id)
    return obj


def _decision_for(request, key, pk):
    decision = DECISIONS.get(key)
    if decision is None:
        raise Http404
    obj = _visible(request, decision, pk)
    if not decision.may(request.user, obj) or ecp.policy(decision.key) == ecp.CLICK:
        raise PermissionDenied
    return decision, obj


def _sign_page(request, decision, obj, pending, error=""):
    title, label = TITLES[decision.key]
    context = {
        "title": title,
        "obj": obj,
        "pending": pending,
        "preview": reverse("routes:decision-sign-pdf", args=[decision.key, obj.pk, pending.pk]),
        "ecp": {
            "action": reverse("routes:decision-sign", args=[decision.key, obj.pk]),
            "purpose": ecp.SIGNING,
            "data": base64.b64encode(bytes(pending.digest)).decode(),
            "digested": True,
            "ncalayer": settings.NCALAYER_URL,
            "install_url": settings.NCALAYER_INSTALL_URL,
            "label": label,
            "hidden": [("request", pending.pk)],
            "error": error,
            "otherwise": None,
        },
    }
    response = render(request, "routes/decision_sign.html", context, status=400 if error else 200)
    return ecp_pages.allow_ncalayer(response)


@require_POST
@login_required
def decision_sign(request, key, pk):
    """POST (with a comment, where the decision has one): prepare the form to sign and
    show the signing page; POST with NCALayer's signature: check it and decide."""
    decision, obj = _decision_for(request, key, pk)
    if "signature" not in request.POST:
        try:
            pending = engine.prepare(
                decision, obj=obj, actor=request.user,
                comment=request.POST.get("comment", "")[:2000],
            )  # fmt: skip
        except engine.SigningError as error:
            messages.error(request, str(error))
            return redirect(obj)
        return _sign_page(request, decision, obj, pending)
    pending = engine.open_request(
        decision, pk=int(request.POST.get("request") or 0), actor=request.user, obj=obj
    )
    if pending is None:
        messages.error(request, _("This signature request has expired. Begin again."))
        return redirect(obj)
    try:
        engine.complete(
            decision, request=request, pending=pending, obj=obj,
            signature=request.POST["signature"],
        )  # fmt: skip
    except ecp.Refused as refusal:
        return _sign_page(request, decision, obj, pending, error=refusal.message)
    except engine.SigningError as error:
        messages.error(request, str(error))
        return redirect(obj)
    messages.success(request, _("Done, and signed with your ЭЦП."))
    return redirect(obj)


@login_required
def decision_sign_pdf(request, key, pk, request_pk):
    """The document as it will be signed: its preparer's to read before signing."""
    decision, obj = _decision_for(request, key, pk)
    pending = engine.open_request(decision, pk=request_pk, actor=request.user, obj=obj)
    if pending is None:
        raise Http404
    pdf = type(pending).objects.values_list("pdf", flat=True).get(pk=pending.pk)
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    name = pending.number.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


COUNTER_TITLES = {
    "route_acknowledge": (_("Acknowledge the route with ЭЦП"), _("Sign with ЭЦП: I have read it")),
    "protocol_countersign": (_("Sign the protocol as its secretary"), _("Sign with ЭЦП")),
    "section_agree": (_("Agree the section with ЭЦП"), _("Sign with ЭЦП and agree")),
}


def _countersignature_for(request, key, pk):
    cs = COUNTERSIGNATURES.get(key)
    if cs is None:
        raise Http404
    if cs.model is Route:
        obj = visible_route(request, pk)
    elif cs.model is RouteCourseSection:
        obj = get_object_or_404(RouteCourseSection.objects.select_related("route", "course"), pk=pk)
        visible_route(request, obj.route_id)
    else:
        obj = get_object_or_404(cs.model.objects.select_related("student"), pk=pk)
        case_for_staff(request, obj.student_id)
    if not cs.may(request.user, obj) or ecp.policy(cs.key) == ecp.CLICK:
        raise PermissionDenied
    return cs, obj


@require_POST
@login_required
def countersign(request, key, pk):
    """POST: the signing page for the issued form; POST with NCALayer's signature over
    the file's digest: check it, take the decision and keep the signature."""
    cs, obj = _countersignature_for(request, key, pk)
    back = obj.route if isinstance(obj, RouteCourseSection) else obj  # a section: its route
    comment = request.POST.get("comment", "")[:2000]
    error = ""
    if "signature" in request.POST:
        try:
            engine.countersign(
                cs, request=request, obj=obj, signature=request.POST["signature"],
                comment=comment,
            )  # fmt: skip
        except ecp.Refused as refusal:
            error = refusal.message
        except engine.SigningError as problem:
            messages.error(request, str(problem))
            return redirect(back)
        else:
            messages.success(request, _("Done, and signed with your ЭЦП."))
            return redirect(back)
    data, issued = engine.signed_content(cs, obj, request.user)
    title, label = COUNTER_TITLES[cs.key]
    context = {
        "title": title,
        "obj": back,
        "issued": issued,
        "ecp": {
            "action": reverse("routes:countersign", args=[cs.key, obj.pk]),
            "purpose": ecp.SIGNING,
            "data": base64.b64encode(hashlib.sha256(data).digest()).decode(),
            "digested": True,
            "ncalayer": settings.NCALAYER_URL,
            "install_url": settings.NCALAYER_INSTALL_URL,
            "label": label,
            "hidden": [("comment", comment)],
            "error": error,
            "otherwise": None,
        },
    }
    response = render(request, "routes/countersign.html", context, status=400 if error else 200)
    return ecp_pages.allow_ncalayer(response)
