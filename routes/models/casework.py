"""The centre's casework: assessments, conclusions with their recommended
adaptations, and the team meeting protocols."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.texts import other_language
from eagi_inclusion.addresses import object_url


class Assessment(models.Model):
    """Diagnostics of educational needs. Confidential: centre staff on the case only."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="assessments"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("specialist"),
    )
    date = models.DateField(_("date"))
    method = models.CharField(_("method or instrument"), max_length=300)
    findings = models.TextField(_("findings (confidential)"))
    recommendations = models.TextField(_("recommended measures"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.method}"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


class Conclusion(models.Model):
    """The centre's conclusion. Issued by the centre head, then registered and frozen;
    a correction is a new version pointing to the one it replaces."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="conclusions"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    analysis = models.TextField(_("analysis of educational needs"))
    # The language the text fields are typed in (the student's document language when
    # the document was started), and the same texts in the other language (#18):
    # {"ru": {"field": "text"}}. A form is issued in a language only with every text.
    text_language = models.CharField(_("language of the text"), max_length=2, default="kk")
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    # The specialist's "send to the head": the draft is ready to issue.
    submitted_at = models.DateTimeField(_("sent to the head"), null=True, blank=True)
    register_entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("centre conclusion")
        verbose_name_plural = _("centre conclusions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="conclusion_created"),
            # The head's queue: drafts sent to be issued.
            models.Index(
                fields=["submitted_at"],
                condition=Q(status="draft", submitted_at__isnull=False),
                name="conclusion_to_issue",
            ),
        ]

    def __str__(self) -> str:
        number = self.register_entry.number if self.register_entry_id else _("draft")
        return _("Centre conclusion %(number)s") % {"number": number}

    def get_absolute_url(self) -> str:
        return object_url("routes:conclusion-detail", self.pk)

    @property
    def other_text_language(self) -> str:
        """The document language its texts are not typed in (documents/texts.py)."""
        return other_language(self.text_language)


class RecommendedAdaptation(models.Model):
    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="adaptations")
    adaptation_type = models.ForeignKey(
        "students.AdaptationType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("adaptation"),
    )
    detail = models.TextField(_("detail"), blank=True)
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)

    class Meta:
        ordering = ["adaptation_type__position", "pk"]

    def __str__(self) -> str:
        return str(self.adaptation_type)


class MeetingProtocol(models.Model):
    """Minutes of the interdisciplinary team meeting. Signed off by the chair, then
    registered and frozen."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="protocols"
    )
    route = models.ForeignKey(
        "routes.Route",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols",
        verbose_name=_("route discussed"),
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("secretary"),
    )
    agenda = models.TextField(_("agenda"))
    discussion = models.TextField(_("discussion"), blank=True)
    decisions = models.TextField(_("decisions"))
    # The language the text fields are typed in (the student's document language when
    # the document was started), and the same texts in the other language (#18):
    # {"ru": {"field": "text"}}. A form is issued in a language only with every text.
    text_language = models.CharField(_("language of the text"), max_length=2, default="kk")
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)
    approved_measures = models.ManyToManyField(
        "students.SupportMeasureType",
        blank=True,
        related_name="+",
        verbose_name=_("support measures approved"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    register_entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[approved_measures])

    class Meta:
        verbose_name = _("team meeting protocol")
        verbose_name_plural = _("team meeting protocols")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["-date", "-id"], name="protocol_date")]

    def __str__(self) -> str:
        number = self.register_entry.number if self.register_entry_id else _("draft")
        return _("Team meeting protocol %(number)s") % {"number": number}

    def get_absolute_url(self) -> str:
        return object_url("routes:protocol-detail", self.pk)

    @property
    def other_text_language(self) -> str:
        """The document language its texts are not typed in (documents/texts.py)."""
        return other_language(self.text_language)


class ProtocolAttendee(models.Model):
    class Kind(models.TextChoices):
        CENTRE = "centre", _("centre staff")
        TEACHER = "teacher", _("teacher")
        STUDENT = "student", _("student")
        REPRESENTATIVE = "representative", _("legal representative")
        EXTERNAL = "external", _("external specialist")

    protocol = models.ForeignKey(
        MeetingProtocol, on_delete=models.CASCADE, related_name="attendees"
    )
    kind = models.CharField(_("as"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.user.get_full_name() if self.user_id else self.name
