"""The student's case: the unit of access. Centre staff get django-guardian object
permissions on the `Student` row when a case is assigned to them; health information
lives in its own model so that a page meant for a teacher or the rector's office
cannot reach it by accident."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from eagi_inclusion.addresses import object_url

from ..validators import iin_birth_date, validate_iin
from .accounts import DocumentLanguage, _full_name
from .catalogue import NeedCategory, StudyGroup


class StudentQuerySet(models.QuerySet):
    def with_study_data(self):
        return self.select_related("study_group__programme__faculty", "user")


class Student(models.Model):
    """A student's case. Names are as in the identity document."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="student",
        verbose_name=_("account"),
    )
    iin = models.CharField(
        _("IIN"),
        max_length=12,
        unique=True,
        validators=[validate_iin],
        help_text=_("Individual identification number, 12 digits."),
    )
    last_name = models.CharField(_("surname"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    full_name_ru = models.CharField(_("full name in Russian"), max_length=300, blank=True)
    preferred_name = models.CharField(_("preferred name"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    study_group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="students", verbose_name=_("group")
    )
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    language_of_study = models.CharField(
        _("language of study"), max_length=2, choices=DocumentLanguage.choices
    )
    document_language = models.CharField(
        _("language of documents"),
        max_length=2,
        choices=DocumentLanguage.choices,
        help_text=_("The language in which official forms are issued to this student."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class ArchiveReason(models.TextChoices):
        GRADUATED = "graduated", _("graduated")
        LEFT = "left", _("left the Institute")

    # Archive (regulation §10.2): read-only from archiving; disposal after retention.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archived by"),
    )
    archive_reason = models.CharField(
        _("reason for archiving"), max_length=20, choices=ArchiveReason.choices, blank=True
    )
    retention_until = models.DateField(_("kept until"), null=True, blank=True)
    disposed_at = models.DateTimeField(_("personal data destroyed"), null=True, blank=True)

    history = HistoricalRecords()
    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name"]
        permissions = [
            ("view_case", "Can view the student's case"),
            ("work_on_case", "Can work on the student's case"),
            ("view_case_health", "Can view the health information of the case"),
            ("view_all_cases", "Can view every case"),
            ("assign_case", "Can assign specialists to cases"),
        ]
        indexes = [
            # The list's order, tie-breaker included: without the pk every page sorted
            # all the students sharing the first name on it (docs/performance.md).
            models.Index(fields=["last_name", "first_name", "id"], name="student_name_order"),
            models.Index(
                fields=["retention_until"],
                condition=Q(archived_at__isnull=False, disposed_at__isnull=True),
                name="student_retention",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return object_url("students:student-detail", self.pk)

    @property
    def full_name(self) -> str:
        if get_language() == "ru" and self.full_name_ru:
            return self.full_name_ru
        return _full_name(self.last_name, self.first_name, self.patronymic)

    def clean(self):

        if self.iin and self.date_of_birth and len(self.iin) == 12 and self.iin.isdigit():
            encoded = iin_birth_date(self.iin)
            if encoded and encoded != self.date_of_birth:
                raise ValidationError(
                    {
                        "date_of_birth": _(
                            "The date of birth does not match the IIN, which encodes %(date)s."
                        )
                        % {"date": encoded.strftime("%d.%m.%Y")}
                    }
                )


class StudentUserObjectPermission(UserObjectPermissionBase):
    """Per-case permissions of one account (direct foreign key: fast joins)."""

    content_object = models.ForeignKey(Student, on_delete=models.CASCADE)


class HealthProfile(models.Model):
    """Confidential: seen only by centre staff assigned to the case and the centre
    head, and every read is logged."""

    class DisabilityGroup(models.TextChoices):
        NONE = "", _("no disability established")
        FIRST = "1", _("group I")
        SECOND = "2", _("group II")
        THIRD = "3", _("group III")

    student = models.OneToOneField(
        Student,
        on_delete=models.CASCADE,
        related_name="health_profile",
        verbose_name=_("student"),
    )
    need_categories = models.ManyToManyField(
        NeedCategory, blank=True, verbose_name=_("categories of special educational needs")
    )
    disability_group = models.CharField(
        _("disability group"), max_length=1, choices=DisabilityGroup.choices, blank=True
    )
    disability_valid_until = models.DateField(
        _("disability established until"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it is established without a time limit."),
    )
    mse_conclusion_number = models.CharField(
        _("medical-social expertise conclusion number"), max_length=50, blank=True
    )
    mse_conclusion_date = models.DateField(
        _("medical-social expertise conclusion date"), null=True, blank=True
    )
    notes = models.TextField(_("confidential health notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[need_categories])

    class Meta:
        verbose_name = _("health profile")
        verbose_name_plural = _("health profiles")

    def __str__(self) -> str:
        return _("Health profile of %(student)s") % {"student": self.student}


class LegalRepresentative(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GUARDIAN = "guardian", _("guardian")
        TRUSTEE = "trustee", _("trustee")
        OTHER = "other", _("other legal representative")

    student = models.ForeignKey(
        Student,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("student"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented",
        verbose_name=_("account"),
    )
    last_name = models.CharField(_("surname"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    basis_document = models.CharField(
        _("document giving the authority"),
        max_length=300,
        blank=True,
        help_text=_("E.g. birth certificate or guardianship order, with its number and date."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal representative")
        verbose_name_plural = _("legal representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "user"],
                condition=Q(user__isnull=False),
                name="representative_unique_account",
            )
        ]

    def __str__(self) -> str:
        return _full_name(self.last_name, self.first_name, self.patronymic)


class CaseAssignment(models.Model):
    """A centre specialist working on a case. Created and ended only by
    `students.services.case_assign` / `case_unassign`, which grant and revoke the
    object permissions that go with it."""

    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("student")
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_assignments",
        verbose_name=_("specialist"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case assignment")
        verbose_name_plural = _("case assignments")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "specialist"],
                condition=Q(ended_at__isnull=True),
                name="case_assignment_one_active",
            )
        ]
        indexes = [
            models.Index(
                fields=["specialist"], condition=Q(ended_at__isnull=True), name="case_asg_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.specialist}"


class EmergencyAccess(models.Model):
    """ "Break the glass": time-limited access to a case outside one's assignment, with
    a stated reason, flagged for the centre head's review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="emergency_accesses"
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user_expiry")]

    def __str__(self) -> str:
        return f"{self.user} → {self.student} ({self.granted_at:%Y-%m-%d %H:%M})"
