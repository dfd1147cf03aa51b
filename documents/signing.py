"""Decisions taken by signing with ЭЦП (#31, 2): a decision that registers a document
(the rector's office approving a route, the head issuing a conclusion, the chair
signing a protocol) is taken only when the acting person's signature on the very form
it issues verifies. Two steps, because the key is on the person's computer:

1. `prepare`: the decision is taken inside a transaction that is then rolled back
   (nothing is registered), to render the form exactly as it will be issued — with the
   person's name, today's date, the register number and verification code it will get
   — and prepare it for a PAdES signature (documents/ecp.py). NCALayer signs its digest.
2. `complete`: the signature is embedded, timestamped and checked (chain, signing key,
   revocation, the signer's IIN is the acting person's, a legal entity's BIN is the
   Institute's). Only then, in one transaction, is the decision taken — refused if the
   record changed, or the register moved on, since step 1 — and the signed PDF, sealed
   by the institution after the person's signature, kept as the issued form, with the
   signature recorded for the verification page.

Each app describes its decisions as a `Decision` (routes/signing.py); this module knows
no app."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ecp, ecp_pages, ecp_pdf
from .models import EcpEvent, Institution, IssuedFile, PersonSignature, SignatureRequest
from .register import RegistrationMoved, registering_as
from .rendering import _store_once, form_context, render_pdf, require_texts, verification_for
from .seal import seal_pdf

REQUEST_MINUTES = 15


class SigningError(Exception):
    """The decision cannot be taken now (the record moved on): the sentence to show."""


@dataclass(frozen=True)
class Decision:
    key: str  # as in ecp.DECISIONS and Institution.ecp_policy
    doc_type: str  # the register type the decision registers
    model: type
    may: Callable  # (actor, obj) -> bool: may the actor take it now
    act: Callable  # (obj, actor, comment) -> obj: the service, with signed=True
    form_of: Callable  # (obj) -> documents.rendering.Form of the registered document
    field_name: str  # the PDF's signature field
    version_of: Callable = lambda obj: 0  # an optimistic-lock version, where there is one
    errors: tuple = ()  # the app's domain errors the service raises


class _Preview(Exception):  # noqa: N818 - control flow: undo the trial decision
    pass


def prepare(decision: Decision, *, obj, actor, comment: str = "") -> SignatureRequest:
    """The form to sign, as a SignatureRequest of `actor`'s."""
    if not decision.may(actor, obj):
        raise SigningError(_("You cannot take this decision now."))
    if not actor.iin:
        raise SigningError(
            _("Your account has no IIN, so your ЭЦП cannot be matched to you. Ask the "
              "administrator to enter it.")
        )  # fmt: skip
    shown: dict = {}
    try:
        with transaction.atomic():
            taken = decision.act(obj, actor, comment)
            form = decision.form_of(taken)
            entry = form.entry
            language = entry.language
            require_texts(form, language)
            context = {**form_context(form, language), "verification": verification_for(entry)}
            shown.update(
                number=entry.number,
                code=entry.verification_code,
                day=timezone.localdate(entry.registered_at),
                version=decision.version_of(taken),
                language=language,
                pdf=render_pdf(template=form.template, context=context, language=language),
            )
            raise _Preview
    except _Preview:
        pass
    except decision.errors as error:
        raise SigningError(str(error)) from error
    prepared = ecp_pdf.prepare_pdf(
        shown["pdf"], field_name=decision.field_name, reason=shown["number"]
    )
    # Forms prepared and never signed hold a case's content: none outlives a day.
    SignatureRequest.objects.filter(
        created_at__lt=timezone.now() - datetime.timedelta(days=1)
    ).delete()
    return SignatureRequest.objects.create(
        user=actor,
        decision=decision.key,
        object_type=decision.model._meta.label_lower,
        object_id=str(obj.pk),
        lock_version=shown["version"],
        language=shown["language"],
        pdf=prepared.pdf,
        digest=prepared.digest,
        region_start=prepared.region_start,
        region_end=prepared.region_end,
        doc_type=decision.doc_type,
        number=shown["number"],
        verification_code=shown["code"],
        prepared_on=shown["day"],
        comment=comment,
    )


def open_request(decision: Decision, *, pk: int, actor, obj) -> SignatureRequest | None:
    """The actor's own, unused, recent request for this decision on this record."""
    return (
        SignatureRequest.objects.filter(
            pk=pk,
            user=actor,
            decision=decision.key,
            object_id=str(obj.pk),
            used_at__isnull=True,
            created_at__gte=timezone.now() - datetime.timedelta(minutes=REQUEST_MINUTES),
        )
        .defer("pdf")
        .first()
    )


def check_signer(holder: ecp.Holder, actor, iin: str | None = None) -> None:
    """The signer is the acting person (IIN: the account's, or `iin`, a student's from
    the case); a legal entity's employee certificate is the Institute's (BIN)."""
    if not holder.iin or holder.iin != (actor.iin if iin is None else iin):
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


def complete(decision: Decision, *, request, pending: SignatureRequest, obj, signature: str):
    """Check the signature and, only if it verifies, take the decision with the signed
    PDF as its issued form. Raises ecp.Refused or SigningError with the sentence to
    show; every attempt is recorded."""
    actor = request.user
    pending = SignatureRequest.objects.get(pk=pending.pk)
    holder = None
    try:
        signed_pdf, holder, signed_at = ecp_pdf.finish_pdf(
            ecp_pdf.Prepared(
                bytes(pending.pdf), bytes(pending.digest), pending.region_start,
                pending.region_end,
            ),
            signature,
        )  # fmt: skip
        check_signer(holder, actor)
        with transaction.atomic():
            locked = SignatureRequest.objects.select_for_update().get(pk=pending.pk)
            if locked.used_at is not None:
                raise ecp.Refused("used", _("This signature request was already used."))
            # Read, not locked here: the service takes its rows' locks in its own order
            # (a case before its route), and refuses whatever moved since (its state).
            current = decision.model.objects.get(pk=obj.pk)
            if decision.version_of(current) != pending.lock_version:
                raise SigningError(
                    _("The document changed after you began signing. Sign it again.")
                )
            with registering_as(
                doc_type=decision.doc_type,
                number=pending.number,
                verification_code=pending.verification_code,
                day=pending.prepared_on,
            ):
                taken = decision.act(current, actor, pending.comment)
            entry = decision.form_of(taken).entry
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
            _keep(request, holder, signed_at, decision.key, taken,
                  register_entry=entry, issued_file=issued)  # fmt: skip
            locked.used_at = timezone.now()
            locked.pdf = b""  # the signed form is now the issued file
            locked.save(update_fields=["used_at", "pdf"])
    except RegistrationMoved as moved:
        _refused(request, "register_moved", holder, obj)
        raise SigningError(
            _("Another document took the number this one was prepared with while you "
              "were signing. Nothing was decided: sign it again.")
        ) from moved  # fmt: skip
    except ecp.Refused as refusal:
        _refused(request, refusal.code, refusal.holder or holder, obj)
        raise
    except SigningError:
        _refused(request, "changed", holder, obj)
        raise
    except decision.errors as error:
        _refused(request, "changed", holder, obj)
        raise SigningError(str(error)) from error
    return taken


def _keep(request, holder: ecp.Holder, signed_at, decision: str, obj, **where) -> None:
    """Record the person's verified signature (who, which certificate, the OCSP answer,
    the timestamp's time) and the accepted attempt."""
    PersonSignature.objects.create(
        decision=decision,
        user=request.user,
        iin=holder.iin,
        signer_name=holder.short_name,
        organisation_bin=holder.bin,
        certificate_serial=holder.serial,
        certificate_issuer=holder.issuer[:300],
        certificate=holder.certificate,
        ocsp_response=holder.ocsp_response,
        signed_at=signed_at,
        **where,
    )
    ecp_pages.record(request, purpose=EcpEvent.Purpose.SIGN,
                     outcome=EcpEvent.Outcome.ACCEPTED, holder=holder, user=request.user,
                     obj=obj)  # fmt: skip


def _refused(request, reason: str, holder, obj) -> None:
    ecp_pages.record(request, purpose=EcpEvent.Purpose.SIGN, outcome=EcpEvent.Outcome.REFUSED,
               reason=reason, holder=holder, user=request.user, obj=obj)  # fmt: skip


# -- countersignatures: a person signs a document already issued ----------------------


@dataclass(frozen=True)
class Countersignature:
    """A person's ЭЦП on a registered document already issued (the student acknowledging
    the approved route, the secretary of a meeting signing its protocol): a detached
    CAdES signature over the issued file's bytes, kept beside the file (which never
    changes) and listed on the verification page."""

    key: str
    model: type
    may: Callable  # (actor, obj) -> bool
    act: Callable  # (obj, actor, comment) -> None: the decision the signature carries
    file_of: Callable | None = None  # (obj, actor) -> IssuedFile: the file signed, or
    content_of: Callable | None = None  # (obj) -> bytes: the content signed
    record_of: Callable = lambda obj, actor: None  # after `act`: the row of the decision
    iin_of: Callable = lambda user: user.iin
    errors: tuple = ()


def signed_content(cs: Countersignature, obj, actor) -> tuple[bytes, IssuedFile | None]:
    """The bytes the person signs, and the issued file they are (None for content)."""
    if cs.file_of is None:
        return cs.content_of(obj), None
    issued = cs.file_of(obj, actor)
    with issued.file.open("rb") as handle:
        return handle.read(), issued


def countersign(cs: Countersignature, *, request, obj, signature: str, comment: str = ""):
    """Check the person's signature over the issued file (or the content) and, if it
    verifies, take the decision and keep the signature. Raises ecp.Refused or
    SigningError."""
    from .ecp_pdf import verify_countersignature

    actor = request.user
    holder = None
    try:
        data, issued = signed_content(cs, obj, actor)
        der, holder, signed_at = verify_countersignature(signature, data)
        check_signer(holder, actor, cs.iin_of(actor))
        with transaction.atomic():
            # The service locks its rows in its own order (a case before its route); a
            # second click waits there, then finds the first one's signature.
            current = cs.model.objects.get(pk=obj.pk)
            cs.act(current, actor, comment)
            if (
                issued is not None
                and PersonSignature.objects.filter(
                    issued_file=issued, decision=cs.key, user=actor
                ).exists()
            ):
                raise SigningError(_("You have already signed this document."))
            record = cs.record_of(current, actor)
            _keep(
                request, holder, signed_at, cs.key, current,
                register_entry=issued.register_entry if issued is not None else None,
                issued_file=issued,
                signed_data=data if issued is None else b"",
                object_type=record._meta.label_lower if record is not None else "",
                object_id=str(record.pk) if record is not None else "",
                cms=der,
            )  # fmt: skip
    except ecp.Refused as refusal:
        _refused(request, refusal.code, refusal.holder or holder, obj)
        raise
    except SigningError:
        _refused(request, "changed", holder, obj)
        raise
    except cs.errors as error:
        _refused(request, "changed", holder, obj)
        raise SigningError(str(error)) from error


def attach_signatures(entry, decision: str, rows) -> None:
    """Signatures given before a document was registered (on `rows`: a teacher's
    agreements of a route's sections) now belong to its register entry."""
    PersonSignature.objects.filter(
        decision=decision,
        object_type=rows.model._meta.label_lower,
        object_id__in=[str(pk) for pk in rows.values_list("pk", flat=True)],
        register_entry__isnull=True,
    ).update(register_entry=entry)
