"""The rector's office approves a route with ЭЦП (#31, 2). Two steps, because the key is
on the person's computer:

1. `prepare`: the route's official form exactly as it will be issued — approved by this
   person today, with the register number and verification code it will get — is
   rendered inside a transaction that is then rolled back (nothing is registered), and
   prepared for a PAdES signature (documents/ecp.py). NCALayer signs its digest.
2. `complete`: the signature is embedded, timestamped and checked (chain, signing key,
   revocation, the signer's IIN is the acting person's, a legal entity's BIN is the
   Institute's). Only then, in one transaction, is the route approved — refused if
   the route changed, or the register moved on, since step 1 — and the signed PDF,
   sealed by the institution after the person's signature, kept as the issued form,
   with the signature recorded for the verification page.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import ecp
from documents.models import EcpEvent, Institution, IssuedFile, PersonSignature, SignatureRequest
from documents.register import RegistrationMoved, registering_as
from documents.rendering import (
    _store_once,
    form_context,
    render_pdf,
    require_texts,
    verification_for,
)
from documents.seal import seal_pdf

from .forms_pdf import route_form
from .models import Route
from .series import ROUTE
from .services import RouteError, route_approve
from .workflow import may

DECISION = "route_approve"
REQUEST_MINUTES = 15


class _Preview(Exception):  # noqa: N818 - control flow: undo the trial approval
    pass


def prepare(*, route: Route, actor, comment: str = "") -> SignatureRequest:
    """The approved form to sign, as a SignatureRequest of `actor`'s."""
    if not may(actor, route, "approve"):
        raise RouteError(_("Only the rector's office approves routes."))
    if not actor.iin:
        raise RouteError(
            _("Your account has no IIN, so your ЭЦП cannot be matched to you. Ask the "
              "administrator to enter it.")
        )  # fmt: skip
    language = route.student.document_language
    shown: dict = {}
    try:
        with transaction.atomic():
            approved = route_approve(route=route, actor=actor, comment=comment, signed=True)
            form = route_form(approved)
            require_texts(form, language)
            entry = form.entry
            shown.update(
                number=entry.number,
                code=entry.verification_code,
                day=timezone.localdate(entry.registered_at),
                lock_version=approved.lock_version,
                pdf=render_pdf(
                    template=form.template,
                    context={
                        **form_context(form, language),
                        "verification": verification_for(entry),
                    },
                    language=language,
                ),
            )
            raise _Preview
    except _Preview:
        pass
    prepared = ecp.prepare_pdf(shown["pdf"], field_name="Approval", reason=shown["number"])
    return SignatureRequest.objects.create(
        user=actor,
        decision=DECISION,
        object_type="routes.route",
        object_id=str(route.pk),
        lock_version=shown["lock_version"],
        language=language,
        pdf=prepared.pdf,
        digest=prepared.digest,
        region_start=prepared.region_start,
        region_end=prepared.region_end,
        doc_type=ROUTE,
        number=shown["number"],
        verification_code=shown["code"],
        prepared_on=shown["day"],
        comment=comment,
    )


def open_request(*, pk: int, actor, route: Route) -> SignatureRequest | None:
    return (
        SignatureRequest.objects.filter(
            pk=pk,
            user=actor,
            decision=DECISION,
            object_id=str(route.pk),
            used_at__isnull=True,
            created_at__gte=timezone.now() - datetime.timedelta(minutes=REQUEST_MINUTES),
        )
        .defer("pdf")
        .first()
    )


def _check_signer(holder: ecp.Holder, actor) -> None:
    if holder.iin != actor.iin:
        raise ecp.Refused(
            "other_person",
            _("This certificate is not yours: its IIN is not the one on your account. "
              "Sign with your own key."),
            holder=holder,
        )  # fmt: skip
    institution_bin = Institution.current().bin
    if holder.bin and institution_bin and holder.bin != institution_bin:
        raise ecp.Refused(
            "other_organisation",
            _("This is an employee's certificate of another organisation (BIN %(bin)s), "
              "not of the Institute. Sign with your personal key or the Institute's.")
            % {"bin": holder.bin},
            holder=holder,
        )  # fmt: skip


def complete(*, request, pending: SignatureRequest, route: Route, signature: str) -> Route:
    """Check the signature and, only if it verifies, approve the route with the signed
    PDF as its issued form. Raises ecp.Refused or RouteError with the sentence to show;
    every attempt is recorded."""
    actor = request.user
    pending = SignatureRequest.objects.get(pk=pending.pk)
    holder = None
    try:
        signed_pdf, holder, signed_at = ecp.finish_pdf(
            ecp.Prepared(
                bytes(pending.pdf),
                bytes(pending.digest),
                pending.region_start,
                pending.region_end,
            ),
            signature,
        )
        _check_signer(holder, actor)
        with transaction.atomic():
            locked = SignatureRequest.objects.select_for_update().get(pk=pending.pk)
            if locked.used_at is not None:
                raise ecp.Refused("used", _("This signature request was already used."))
            current = Route.objects.select_for_update(of=("self",)).get(pk=route.pk)
            if current.lock_version != pending.lock_version:
                raise RouteError(_("The route changed after you began signing. Sign it again."))
            with registering_as(
                doc_type=ROUTE,
                number=pending.number,
                verification_code=pending.verification_code,
                day=pending.prepared_on,
            ):
                approved = route_approve(
                    route=current, actor=actor, comment=pending.comment, signed=True
                )
            entry = approved.register_entry
            issued = _store_once(
                IssuedFile(
                    register_entry=entry,
                    language=pending.language,
                    variant=IssuedFile.Variant.STANDARD,
                    created_by=actor,
                ),
                seal_pdf(signed_pdf, reason=entry.number),
                IssuedFile.objects.filter(
                    register_entry=entry, language=pending.language, variant="standard"
                ),
            )
            PersonSignature.objects.create(
                register_entry=entry,
                issued_file=issued,
                decision=DECISION,
                user=actor,
                iin=holder.iin,
                signer_name=holder.short_name,
                organisation_bin=holder.bin,
                certificate_serial=holder.serial,
                certificate_issuer=holder.issuer[:300],
                certificate=holder.certificate,
                ocsp_response=holder.ocsp_response,
                signed_at=signed_at,
            )
            locked.used_at = timezone.now()
            locked.save(update_fields=["used_at"])
            ecp.record(request, purpose=EcpEvent.Purpose.SIGN,
                       outcome=EcpEvent.Outcome.ACCEPTED, holder=holder, user=actor,
                       obj=approved)  # fmt: skip
    except RegistrationMoved as moved:
        _refused(request, "register_moved", holder, route)
        raise RouteError(
            _("Another document took the number this route was prepared with while you "
              "were signing. Nothing was approved: sign it again.")
        ) from moved  # fmt: skip
    except ecp.Refused as refusal:
        _refused(request, refusal.code, refusal.holder or holder, route)
        raise
    except RouteError:
        _refused(request, "route_changed", holder, route)
        raise
    return approved


def _refused(request, reason: str, holder, route) -> None:
    ecp.record(request, purpose=EcpEvent.Purpose.SIGN, outcome=EcpEvent.Outcome.REFUSED,
               reason=reason, holder=holder, user=request.user, obj=route)  # fmt: skip
