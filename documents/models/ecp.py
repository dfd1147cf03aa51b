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
