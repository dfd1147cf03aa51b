"""The individual education route: its versions and states, course sections,
support measures, teachers' agreement, the transitions' record and letters."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.texts import other_language
from eagi_inclusion.addresses import object_url
from eagi_inclusion.choices import choice_label

from .casework import Conclusion


class RouteStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AGREEMENT = "agreement", _("sent for agreement")
    APPROVAL = "approval", _("sent for approval")
    ACTIVE = "active", _("approved, in force")
    CLOSED = "closed", _("closed")
    SUPERSEDED = "superseded", _("replaced by a new version")


class ChangeReason(models.TextChoices):
    """Why a route, a section or a support measure was saved: the change history's
    reason, stored as a code and named in the reader's language."""

    ROUTE_EDITED = "route_edited", _("the route's conditions were edited")
    SECTION_EDITED = "section_edited", _("a course section was edited")
    MEASURE_ADDED = "measure_added", _("a support measure was added")
    SECTION_REASSIGNED = "section_reassigned", _("the section was given to another teacher")


APPROVED = [RouteStatus.ACTIVE, RouteStatus.CLOSED, RouteStatus.SUPERSEDED]
# What the student and their representatives read: the approved versions, and a version
# the centre has shown them as a draft, at every later stage (§4.4).
SEEN_BY_THE_STUDENT = Q(status__in=APPROVED) | Q(shared_at__isnull=False)


class RouteQuerySet(models.QuerySet):
    def approved(self):
        """Routes that were approved: in force, closed or replaced by a new version.
        Also on `student.routes`, so the students app filters by it without importing
        this one."""
        return self.filter(status__in=APPROVED)

    def seen_by_the_student(self):
        return self.filter(SEEN_BY_THE_STUDENT)


class Route(models.Model):
    """The individual education route (ЖББМ) of one student for one period."""

    student = models.ForeignKey("students.Student", on_delete=models.PROTECT, related_name="routes")
    period = models.ForeignKey(
        "students.AcademicPeriod",
        on_delete=models.PROTECT,
        related_name="routes",
        verbose_name=_("academic period"),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RouteStatus.choices, default=RouteStatus.DRAFT
    )
    conclusion = models.ForeignKey(
        Conclusion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routes",
        verbose_name=_("centre conclusion"),
    )
    special_conditions = models.TextField(_("special conditions"), blank=True)
    individual_schedule = models.TextField(_("individual study schedule"), blank=True)
    special_methods = models.TextField(_("special methods and technologies"), blank=True)
    # The language the text fields are typed in (the student's document language when
    # the document was started), and the same texts in the other language (#18):
    # {"ru": {"field": "text"}}. A form is issued in a language only with every text.
    text_language = models.CharField(_("language of the text"), max_length=2, default="kk")
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    # Optimistic lock: every edit of the route or its sections raises it; a form
    # saved with an older value is refused instead of overwriting someone's work.
    lock_version = models.PositiveIntegerField(default=0)
    # Agreement round: returning to draft starts a new round of teachers' decisions.
    agreement_round = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approver_position = models.CharField(_("approver's position"), max_length=200, blank=True)
    approver_position_ru = models.CharField(
        _("approver's position in Russian"), max_length=200, blank=True
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # The draft was shown to the student and representatives for comment (§4.4): from
    # then on they read it at every stage (routes.selectors).
    shared_at = models.DateTimeField(_("shown to the student"), null=True, blank=True)
    register_entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["lock_version"])

    objects = RouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("individual education route")
        verbose_name_plural = _("individual education routes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "period", "version"], name="route_version_unique"
            ),
            # At most one version in work and one in force per student and period.
            models.UniqueConstraint(
                fields=["student", "period"],
                condition=Q(status__in=["draft", "agreement", "approval"]),
                name="route_one_in_work_per_period",
            ),
            models.UniqueConstraint(
                fields=["student", "period"],
                condition=Q(status="active"),
                name="route_one_active_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "period"], name="route_status_period"),
            models.Index(fields=["-created_at", "-id"], name="route_created"),
        ]
        permissions = [("approve_route", "Can approve individual education routes")]

    def __str__(self) -> str:
        return _("Individual education route, version %(version)s") % {"version": self.version}

    def get_absolute_url(self) -> str:
        return object_url("routes:route-detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(RouteStatus, self.status)  # Django's, without its cost

    @property
    def approver_position_shown(self) -> str:
        """The approver's position in the page's language (Russian when recorded)."""
        from django.utils.translation import get_language

        if (get_language() or "").startswith("ru") and self.approver_position_ru:
            return self.approver_position_ru
        return self.approver_position

    @property
    def other_text_language(self) -> str:
        """The document language its texts are not typed in (documents/texts.py)."""
        return other_language(self.text_language)


class RouteCourseSection(models.Model):
    """What one course changes for the student. The only part of a route that the
    course's teacher sees."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="sections")
    course = models.ForeignKey(
        "students.Course", on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="route_sections",
        verbose_name=_("teacher"),
    )
    adaptation_types = models.ManyToManyField(
        "students.AdaptationType", blank=True, related_name="+", verbose_name=_("adaptations")
    )
    content_adaptations = models.TextField(_("adaptation of course content"), blank=True)
    method_adaptations = models.TextField(_("adaptation of teaching forms and methods"), blank=True)
    assessment_form = models.CharField(
        _("form of assessment (control)"), max_length=300, blank=True
    )
    extra_time_percent = models.PositiveSmallIntegerField(
        _("extra time, %"), default=0, validators=[MaxValueValidator(200)]
    )
    separate_room = models.BooleanField(_("separate room"), default=False)
    oral_instead_of_written = models.BooleanField(_("oral instead of written"), default=False)
    interpreter = models.BooleanField(_("sign-language interpreter"), default=False)
    assistive_technology = models.CharField(_("assistive technology"), max_length=300, blank=True)
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)

    history = HistoricalRecords(m2m_fields=[adaptation_types])

    class Meta:
        verbose_name = _("course section")
        verbose_name_plural = _("course sections")
        ordering = ["course__code"]
        constraints = [
            models.UniqueConstraint(fields=["route", "course"], name="route_section_course_unique")
        ]
        indexes = [models.Index(fields=["teacher"], name="route_section_teacher")]

    def __str__(self) -> str:
        return f"{self.course}"


class RouteSupportMeasure(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="support_measures")
    measure_type = models.ForeignKey(
        "students.SupportMeasureType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("support measure"),
    )
    description = models.TextField(_("what"), blank=True)
    provider = models.CharField(_("by whom"), max_length=200)
    frequency = models.CharField(_("how often"), max_length=100)
    translations = models.JSONField(_("texts in the other language"), default=dict, blank=True)
    sessions_planned = models.PositiveSmallIntegerField(
        _("sessions planned in the period"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a measure that is not given in sessions."),
    )
    # The same measure in an earlier version of the route, in the same period: its
    # sessions count toward this plan (#30, item 10). The first version's own.
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.measure_type)


class CourseAgreement(models.Model):
    """A teacher's decision on their course section in one round of agreement."""

    class Decision(models.TextChoices):
        AGREED = "agreed", _("agreed")
        RETURNED = "returned", _("returned for revision")

    section = models.ForeignKey(
        RouteCourseSection, on_delete=models.CASCADE, related_name="agreements"
    )
    round = models.PositiveSmallIntegerField()
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["section", "round"], name="agreement_one_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.section_id}/{self.round}: {self.decision}"


class RouteDecision(models.Model):
    """Every transition of a route: who, when, from, to, why. Append-only."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=12, choices=RouteStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=RouteStatus.choices)

    class Event(models.TextChoices):
        """Transitions the system makes by itself: stored as a code and rendered in the
        reader's language (a person's comment is shown as they wrote it)."""

        DRAFT_CREATED = "draft_created", _("Draft created.")
        ALL_AGREED = "all_agreed", _("Every teacher has agreed.")
        NEW_VERSION = "new_version", _("A new version of the route in force.")
        SUPERSEDED = "superseded", _("Replaced by its new version, approved.")
        SECTION_REASSIGNED = (
            "section_reassigned",
            _("The head of the centre gave a course section to another teacher."),
        )
        AGREED_ON_BEHALF = (
            "agreed_on_behalf",
            _("The head of the centre agreed a course section on its teacher's behalf."),
        )
        # The student's part in their route (§4.4).
        SHARED = "shared", _("The draft was shown to the student for comment.")
        STUDENT_COMMENT = "student_comment", _("Comment on the draft:")
        ACKNOWLEDGED = "acknowledged", _("Has read the approved route.")

    comment = models.TextField(blank=True)
    event = models.CharField(max_length=20, choices=Event.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.route_id}: {self.from_status} → {self.to_status}"

    @property
    def comment_text(self) -> str:
        """The system's sentence in the reader's language, then a person's words as
        written (the head's reason for a handover has both)."""
        if self.event and self.comment:
            return f"{self.get_event_display()} {self.comment}"
        return self.get_event_display() if self.event else self.comment


class TeacherLetter(models.Model):
    """The notification a teacher receives for their course when a route is approved:
    the adaptations, never a diagnosis. Acknowledged in the app."""

    section = models.OneToOneField(
        RouteCourseSection, on_delete=models.PROTECT, related_name="letter"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="letters"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    register_entry = models.OneToOneField(
        "documents.RegisterEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["teacher"],
                condition=Q(acknowledged_at__isnull=True),
                name="letter_unacknowledged",
            ),
            # The teacher's letters page: its filter and its order in one index.
            models.Index(
                fields=["teacher", "acknowledged_at", "-created_at", "-id"],
                name="letter_teacher_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section} — {self.teacher}"
