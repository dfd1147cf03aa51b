"""The national digital signature (ЭЦП): every attempt to sign in or to sign with it,
accepted or refused, append-only like the access log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .access import AppendOnlyError


class EcpEvent(models.Model):
    """One attempt to sign in or to sign a decision with ЭЦП: who the certificate named
    (IIN, serial, issuer), which account it was for, and why it was refused. The key,
    and the signed data, never reach the server; the certificate is public."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", _("sign-in")
        SIGN = "sign", _("signing a decision")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    iin = models.CharField(_("IIN in the certificate"), max_length=12, blank=True)
    certificate_serial = models.CharField(_("certificate serial"), max_length=80, blank=True)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    object_type = models.CharField(_("kind of record"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("ЭЦП attempt")
        verbose_name_plural = _("ЭЦП attempts")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["iin", "-occurred_at"], name="ecp_event_iin_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.purpose} {self.outcome} {self.reason}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("ЭЦП attempts are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ЭЦП attempts are never deleted.")


class SignatureRequest(models.Model):
    """A document prepared for one person's ЭЦП (pyHanko's interrupted signing): the
    PDF with room for the signature, the digest NCALayer signs, and the registration
    the document will carry (number, code, date) — the decision is taken only when the
    signature comes back and verifies, and only if nothing moved meanwhile."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    lock_version = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=2)
    pdf = models.BinaryField()
    digest = models.BinaryField()
    region_start = models.PositiveIntegerField()
    region_end = models.PositiveIntegerField()
    doc_type = models.CharField(max_length=20)
    number = models.CharField(max_length=40)
    verification_code = models.CharField(max_length=20)
    prepared_on = models.DateField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"], name="sigreq_user_time")]

    def __str__(self) -> str:
        return f"{self.decision} {self.object_type}:{self.object_id} ({self.number})"


class PersonSignature(models.Model):
    """A person's ЭЦП on a registered document: who (IIN, surname and initials), in
    which role, when (the timestamping authority's time), with which certificate, and
    the OCSP answer that said it was good. The public verification page lists these."""

    # Empty until the document is registered: a teacher agrees a section of a route
    # before the route is approved, and the approval links the agreement here.
    register_entry = models.ForeignKey(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person_signatures",
        verbose_name=_("registered document"),
    )
    issued_file = models.ForeignKey(
        "documents.IssuedFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("account"),
    )  # fmt: skip
    iin = models.CharField(_("IIN"), max_length=12)
    signer_name = models.CharField(_("signer"), max_length=200)
    organisation_bin = models.CharField(_("BIN"), max_length=12, blank=True)
    certificate_serial = models.CharField(_("certificate serial"), max_length=80)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=300)
    certificate = models.BinaryField()
    ocsp_response = models.BinaryField(blank=True)
    # A countersignature on a file issued before (an acknowledgement, the secretary's):
    # the detached CMS over the file's bytes; empty when the signature is in the PDF.
    cms = models.BinaryField(blank=True, default=b"")
    # A signature on content rather than a file (a teacher's agreement of a section):
    # the exact bytes signed, and the row that records the decision.
    signed_data = models.BinaryField(blank=True, default=b"")
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("ЭЦП signature")
        verbose_name_plural = _("ЭЦП signatures")
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.register_entry_id} {self.decision} {self.signer_name}"

    @property
    def role_label(self) -> str:
        from ..ecp import ROLES

        return str(ROLES.get(self.decision, self.decision))
