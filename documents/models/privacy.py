"""Data-protection records: destruction acts, disclosures, breaches."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .register import RegisterEntry


class DisposalAct(models.Model):
    """What was destroyed when a case's retention ended, when, and by whom. Holds no
    personal data itself: counts per kind of record, and the register entry."""

    register_entry = models.OneToOneField(
        RegisterEntry, on_delete=models.PROTECT, related_name="disposal_act"
    )
    destroyed = models.JSONField(_("what was destroyed"))
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disposed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("act of destruction")
        verbose_name_plural = _("acts of destruction")

    def __str__(self) -> str:
        return str(self.register_entry)


class Disclosure(models.Model):
    """A transfer of a student's personal data to a third party (regulation §10.3):
    to whom, on what legal basis, what, authorised by whom; registered as a document."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    recipient = models.CharField(_("recipient"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    what = models.TextField(_("what was disclosed"))
    disclosed_on = models.DateField(_("date of disclosure"))
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("authorised by"),
    )
    register_entry = models.OneToOneField(
        RegisterEntry, on_delete=models.PROTECT, related_name="disclosure"
    )
    # The recipient, basis and what was sent are typed in `text_language` (the student's
    # document language); the official form in the other language prints `translations`
    # (documents/texts.py).
    text_language = models.CharField(_("language of the texts"), max_length=2, default="kk")
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)

    class Meta:
        verbose_name = _("disclosure to a third party")
        verbose_name_plural = _("disclosures to third parties")
        ordering = ["-disclosed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.register_entry} → {self.recipient}"


class Breach(models.Model):
    """A personal-data incident. Law 94-V (as amended in 2024): the authorised body is
    notified within one working day of discovery; the deadline is kept with it."""

    description = models.TextField(_("what happened"))
    data_affected = models.TextField(_("data affected"))
    people_affected = models.PositiveIntegerField(_("number of people affected"), default=0)
    discovered_at = models.DateTimeField(_("discovered"))
    notice_due_at = models.DateTimeField(_("notice due"))
    notified_at = models.DateTimeField(_("authorised body notified"), null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("notice recorded by"),
    )
    measures = models.TextField(_("measures taken"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personal-data breach")
        verbose_name_plural = _("personal-data breaches")
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return f"{self.discovered_at:%Y-%m-%d} {self.description[:40]}"
