"""The centre's work beyond conclusions and routes (regulation §5.2, §5.3, §7, §8-9):
support sessions delivered under a route's measures, consultations given to
teachers, work with external organisations, learning materials in alternative
formats, barriers to accessibility, teacher training, and the implementation loop
(teachers confirm adaptations; students report the ones not provided).

Access follows the case (students/permissions.py): session notes and interactions
about a student are for the centre's staff on the case; a teacher sees only their
own consultations, seminars and the checks and reports of their own course sections.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

USER = settings.AUTH_USER_MODEL


class SupportSession(models.Model):
    """One psychological-pedagogical or social support session delivered (or missed)
    under a support measure of a route."""

    class Attendance(models.TextChoices):
        ATTENDED = "attended", _("attended")
        MISSED = "missed", _("missed")
        CANCELLED = "cancelled", _("cancelled by the centre")

    measure = models.ForeignKey(
        "routes.RouteSupportMeasure",
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("support measure"),
    )
    specialist = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("specialist")
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=45)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices)
    notes = models.TextField(_("confidential notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["measure", "date"], name="session_measure_date")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.measure}"


class TeacherConsultation(models.Model):
    """Advice the centre gave a teacher on adapting their teaching (regulation §7)."""

    specialist = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("specialist")
    )
    teacher = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("teacher")
    )
    course = models.ForeignKey(
        "students.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    advice = models.TextField(_("advice given"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation of a teacher")
        verbose_name_plural = _("consultations of teachers")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["teacher", "-date"], name="consultation_teacher")]

    def __str__(self) -> str:
        return self.topic


class ExternalOrganisation(models.Model):
    """A catalogue of the organisations and specialists the centre works with."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", _("medical organisation")
        SOCIAL = "social", _("social protection")
        PPMC = "ppmc", _("psychological-medical-pedagogical consultation")
        NGO = "ngo", _("non-governmental organisation")
        EDUCATION = "education", _("educational organisation")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("external organisation")
        verbose_name_plural = _("external organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interaction(models.Model):
    """Work with an external organisation or specialist, about a student or not.
    Personal data sent out is recorded in the disclosure register (§10.3), linked
    here."""

    organisation = models.ForeignKey(
        ExternalOrganisation,
        on_delete=models.PROTECT,
        related_name="interactions",
        verbose_name=_("organisation"),
    )
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("student"),
    )
    contact_person = models.CharField(_("contact person"), max_length=300, blank=True)
    date = models.DateField(_("date"))
    purpose = models.TextField(_("purpose"))
    outcome = models.TextField(_("outcome"), blank=True)
    documents_exchanged = models.TextField(_("documents exchanged"), blank=True)
    disclosure = models.OneToOneField(
        "documents.Disclosure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disclosure"),
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interaction with an organisation")
        verbose_name_plural = _("interactions with organisations")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.organisation}"


class Format(models.TextChoices):
    LARGE_PRINT = "large_print", _("large print")
    ACCESSIBLE_TEXT = "accessible_text", _("accessible electronic text")
    AUDIO = "audio", _("audio")
    BRAILLE = "braille", _("Braille")


class ConvertedMaterial(models.Model):
    """A learning material already converted into an alternative format: found and
    reused for the next student who needs it instead of being converted again."""

    course = models.ForeignKey(
        "students.Course", on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    title = models.CharField(_("material"), max_length=300)
    title_key = models.CharField(max_length=300, editable=False)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    file = models.FileField(_("file"), upload_to="materials/%Y/")
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("converted material")
        verbose_name_plural = _("converted materials")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "title_key", "format"], name="material_once_per_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"


class FormatRequest(models.Model):
    """A student's request (or a specialist's for them) for a course material in an
    alternative format, tracked to delivery (§5.3)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        IN_PROGRESS = "in_progress", _("being converted")
        DELIVERED = "delivered", _("delivered")
        CANCELLED = "cancelled", _("cancelled")

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="format_requests"
    )
    course = models.ForeignKey(
        "students.Course", on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    title = models.CharField(_("material"), max_length=300)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    material = models.ForeignKey(
        ConvertedMaterial,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("delivered material"),
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    reused = models.BooleanField(_("reused an earlier conversion"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alternative format request")
        verbose_name_plural = _("alternative format requests")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "requested_at"], name="format_request_status")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"


class Barrier(models.Model):
    """An accessibility barrier reported by anyone, tracked to resolution (§5.3)."""

    class Place(models.TextChoices):
        BUILDING = "building", _("building, entrance, corridor")
        CLASSROOM = "classroom", _("classroom")
        SANITARY = "sanitary", _("sanitary area")
        ELECTRONIC = "electronic", _("electronic resource or online platform")

    class Status(models.TextChoices):
        REPORTED = "reported", _("reported")
        ACCEPTED = "accepted", _("accepted, with the responsible unit")
        RESOLVED = "resolved", _("resolved")
        REJECTED = "rejected", _("not a barrier")

    place = models.CharField(_("where"), max_length=12, choices=Place.choices)
    location = models.CharField(
        _("location"), max_length=300, help_text=_("Building and room, or the address of the page.")
    )
    description = models.TextField(_("what is the barrier"))
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REPORTED
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accessibility barrier")
        verbose_name_plural = _("accessibility barriers")
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["status", "-reported_at"], name="barrier_status")]

    def __str__(self) -> str:
        return f"{self.get_place_display()}: {self.location}"


class Seminar(models.Model):
    """Training of teachers in inclusive education (§7.1)."""

    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    trainer = models.CharField(_("trainer"), max_length=300)
    hours = models.PositiveSmallIntegerField(_("hours"), default=2)
    attendees = models.ManyToManyField(
        USER, blank=True, related_name="seminars", verbose_name=_("attendees")
    )

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.topic}"


class AdaptationCheck(models.Model):
    """The teacher's record that the adaptations of their section were applied at an
    assessment event or in a class."""

    section = models.ForeignKey(
        "routes.RouteCourseSection", on_delete=models.PROTECT, related_name="checks"
    )
    teacher = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    event = models.CharField(
        _("class or assessment"), max_length=200, help_text=_("For example: midterm exam.")
    )
    applied = models.BooleanField(_("all adaptations applied"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adaptation check")
        verbose_name_plural = _("adaptation checks")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.event}"


class ImplementationReport(models.Model):
    """A student's (or representative's) report that an adaptation was not provided.
    It goes to the specialists on the case; unresolved after the deadline it goes up
    to the centre head (`manage.py escalate_reports`)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open, with the specialist")
        ESCALATED = "escalated", _("escalated to the head of the centre")
        RESOLVED = "resolved", _("resolved")

    section = models.ForeignKey(
        "routes.RouteCourseSection",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("course"),
    )
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("when it happened"))
    description = models.TextField(_("what was not provided"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status="open"),
                name="report_open_created",
            )
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.date:%d.%m.%Y}"


from .aids import TechnicalAid  # noqa: E402, F401 - one import path for every model
from .awareness import AwarenessEvent  # noqa: E402, F401
from .complaints import Complaint, ComplaintStep  # noqa: E402, F401
from .events import EventRequest  # noqa: E402, F401
from .units import UnitTask  # noqa: E402, F401
