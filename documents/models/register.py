"""The register: numbered documents per type and year, with their status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..kinds import series_label


class RegisterCounter(models.Model):
    """The last number issued for a document type in a year. Its row is locked
    (SELECT ... FOR UPDATE) while a number is issued, in the same transaction as the
    document, so numbers are gapless and never repeat."""

    # A number series registered by the app that issues it (documents/kinds.py).
    doc_type = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "year"], name="register_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year}: {self.last_number}"


class RegisterEntry(models.Model):
    """One registered document of the unified register."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered, in force")
        SUPERSEDED = "superseded", _("replaced by a newer version")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DESTROYED = "destroyed", _("content destroyed after retention")

    number = models.CharField(_("registration number"), max_length=40, unique=True)
    # A number series registered by the app that issues it (documents/kinds.py).
    doc_type = models.CharField(_("type"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    registered_at = models.DateTimeField(_("registration date"))
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("student"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    language = models.CharField(_("language"), max_length=2)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    # The newer document that replaced this one (status SUPERSEDED), and when the
    # status last changed: both are shown on the public verification page.
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    # Printed with a QR code on the form; opens the verification page.
    verification_code = models.CharField(
        _("verification code"), max_length=12, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "year", "sequence"], name="register_entry_sequence_unique"
            )
        ]
        indexes = [
            models.Index(fields=["doc_type", "-registered_at"], name="register_type_date"),
            # The register lists newest first across all types.
            models.Index(fields=["-registered_at", "-id"], name="register_date"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def type_label(self) -> str:
        """The type's name, as the app that registers it names it."""
        return series_label(self.doc_type)

    @property
    def in_force(self) -> bool:
        return self.status == self.Status.REGISTERED
