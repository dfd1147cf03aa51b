"""Intake: consent to processing personal data, and applications with their
events and supporting documents."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.texts import other_language
from eagi_inclusion.addresses import object_url
from eagi_inclusion.choices import choice_label

from .accounts import DocumentLanguage
from .case import Student


class Consent(models.Model):
    """Consent to the collection and processing of personal data (Law 94-V, art. 8).
    Withdrawal is recorded on the same row and stops further processing."""

    class GivenBy(models.TextChoices):
        STUDENT = "student", _("the student")
        REPRESENTATIVE = "representative", _("the legal representative")

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="consents", verbose_name=_("student")
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent given by"),
    )
    given_by_kind = models.CharField(_("who consents"), max_length=20, choices=GivenBy.choices)
    operator = models.CharField(_("operator"), max_length=300)
    purposes = models.TextField(_("purposes"))
    data_categories = models.TextField(_("categories of data"))
    text_version = models.CharField(_("version of the consent text"), max_length=20)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent to the processing of personal data")
        verbose_name_plural = _("consents to the processing of personal data")
        ordering = ["-given_at"]
        indexes = [
            models.Index(
                fields=["student"], condition=Q(withdrawn_at__isnull=True), name="consent_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.given_at:%Y-%m-%d}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    REGISTERED = "registered", _("registered")
    IN_ASSESSMENT = "in_assessment", _("under assessment")
    CONCLUSION_ISSUED = "conclusion_issued", _("conclusion issued")
    ROUTE_IN_PREPARATION = "route_in_preparation", _("route in preparation")
    ROUTE_APPROVED = "route_approved", _("route approved")
    CLOSED = "closed", _("closed")
    RETURNED = "returned", _("returned for more information")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DECLINED = "declined", _("declined")


class Application(models.Model):
    """A request for inclusive-education conditions (regulation §6.1), online or on
    paper. Registered in the unified register the moment it is submitted."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("on paper, at the registry")

    class ApplicantKind(models.TextChoices):
        STUDENT = "student", _("the student")
        REPRESENTATIVE = "representative", _("the legal representative")
        TEACHER = "teacher", _("a teacher")

    class Contact(models.TextChoices):
        EMAIL = "email", _("e-mail")
        PHONE = "phone", _("phone")
        IN_PERSON = "in_person", _("in person at the centre")

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="applications", verbose_name=_("student")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    applicant_kind = models.CharField(_("applicant"), max_length=20, choices=ApplicantKind.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submitted_applications",
        verbose_name=_("submitted by"),
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("consent"),
    )
    difficulties = models.TextField(_("difficulties met in study"))
    conditions_requested = models.TextField(_("conditions requested"))
    # The same texts in the other language (#18): {"ru": {"field": "text"}}; the texts
    # above are in `document_language`.
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)
    preferred_contact = models.CharField(
        _("preferred contact"), max_length=10, choices=Contact.choices
    )
    contact_detail = models.CharField(_("contact details"), max_length=200, blank=True)
    document_language = models.CharField(
        _("language of documents"), max_length=2, choices=DocumentLanguage.choices
    )
    delivered_by = models.CharField(
        _("delivered by"),
        max_length=300,
        blank=True,
        help_text=_("Who brought the paper application to the registry."),
    )
    received_at = models.DateTimeField(_("received at the registry"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    register_entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registration"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submission_token = models.UUIDField(
        unique=True, help_text="One-time token of the form: a replayed POST finds this row."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="application_status"),
            models.Index(fields=["-submitted_at", "-id"], name="application_submitted"),
            models.Index(fields=["student", "-submitted_at"], name="application_student"),
        ]

    def __str__(self) -> str:
        return _("Application %(number)s") % {"number": self.register_entry.number}

    def get_absolute_url(self) -> str:
        return object_url("students:application-detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(ApplicationStatus, self.status)  # Django's, without its cost

    @property
    def other_text_language(self) -> str:
        """The document language its texts are not typed in (documents/texts.py)."""
        return other_language(self.document_language)


class ApplicationEvent(models.Model):
    """One change of an application's status: who, when, from what, to what, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=30, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=ApplicationStatus.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


def _attachment_path(instance, filename):
    # A random name: nothing of the student or the original file name on disk.
    return f"applications/{uuid.uuid4().hex}{instance.extension}"


class ApplicationAttachment(models.Model):
    class Kind(models.TextChoices):
        DISABILITY_CERTIFICATE = "disability", _("disability certificate")
        MSE_CONCLUSION = "mse", _("medical-social expertise conclusion")
        SPECIALIST_CERTIFICATE = "specialist", _("specialist's certificate")
        PAPER_SCAN = "scan", _("scan of the paper application")
        OTHER = "other", _("other document")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
            self.content_type, ""
        )
