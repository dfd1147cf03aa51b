"""People, the institute's catalogues, and the student's case.

The case (a `Student` with everything hung on it) is the unit of access: centre staff
get django-guardian object permissions on the `Student` row when a case is assigned
to them, and every child record (health profile, applications, routes, documents)
is reached through it. Health information lives in its own model so that a page
meant for a teacher or the rector's office cannot reach it by accident.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from .validators import iin_birth_date, validate_iin


class InterfaceLanguage(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class DocumentLanguage(models.TextChoices):
    """Official documents are drawn up in Kazakh or in Russian, one language a form."""

    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")


def _full_name(last: str, first: str, patronymic: str) -> str:
    return " ".join(part for part in (last, first, patronymic) if part)


class User(AbstractUser):
    """An account. Names are kept as in the identity document, with the Russian
    spelling where it differs, because official forms in Russian need it."""

    def save(self, *args, **kwargs):
        # A password set by any route (the owner's page, a reset link) tells the owner.
        changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if changed:
            from .accounts import password_changed_notice

            password_changed_notice(self)

    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    preferred_name = models.CharField(
        _("preferred name"),
        max_length=150,
        blank=True,
        help_text=_("How the person wishes to be addressed, if not by the first name."),
    )
    full_name_ru = models.CharField(
        _("full name in Russian"),
        max_length=300,
        blank=True,
        help_text=_("Surname, first name and patronymic as spelled in Russian documents."),
    )
    language = models.CharField(
        _("interface language"),
        max_length=2,
        choices=InterfaceLanguage.choices,
        default=InterfaceLanguage.KAZAKH,
    )
    position = models.CharField(
        _("position"),
        max_length=200,
        blank=True,
        help_text=_("Job title as printed in signature blocks, e.g. Vice-rector."),
    )

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("an e-mail for each event")
        DIGEST = "digest", _("one daily digest e-mail")

    notification_delivery = models.CharField(
        _("e-mail notifications"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.IMMEDIATE,
        help_text=_("Notifications always appear in the app; this chooses the e-mails."),
    )
    display = models.CharField(
        _("display preferences"),
        max_length=40,
        blank=True,
        help_text=_("Large text and high contrast, remembered for the account."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["last_name", "first_name"]

    def get_full_name(self) -> str:
        if get_language() == "ru" and self.full_name_ru:
            return self.full_name_ru
        return _full_name(self.last_name, self.first_name, self.patronymic) or self.username

    def get_short_name(self) -> str:
        return self.preferred_name or self.first_name or self.username

    def __str__(self) -> str:
        return self.get_full_name()


class TranslatedName(models.Model):
    """A catalogue entry named in each interface language."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=300)
    name_ru = models.CharField(_("name in Russian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = get_language() or settings.LANGUAGE_CODE
        return getattr(self, f"name_{language[:2]}", "") or self.name_kk

    def name_in(self, language: str) -> str:
        return getattr(self, f"name_{language}", "") or self.name_kk


class Catalogue(TranslatedName):
    """A reference list kept by administrators: a stable code and an order."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]


class Faculty(TranslatedName):
    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        ordering = ["code"]


class Programme(TranslatedName):
    faculty = models.ForeignKey(
        Faculty, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("faculty")
    )
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Classifier code, e.g. 6B01101.")
    )

    class Meta:
        verbose_name = _("education programme")
        verbose_name_plural = _("education programmes")
        ordering = ["code"]


class StudyGroup(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("programme")
    )
    code = models.CharField(_("group"), max_length=30, unique=True)
    admission_year = models.PositiveSmallIntegerField(_("year of admission"))
    language_of_study = models.CharField(
        _("language of study"), max_length=2, choices=DocumentLanguage.choices
    )

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class AcademicYear(models.Model):
    name = models.CharField(_("academic year"), max_length=9, unique=True, help_text="2026-2027")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="academic_year_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AcademicPeriod(models.Model):
    """A semester (or the whole year, for routes drawn up for a year)."""

    class Kind(models.TextChoices):
        SEMESTER = "semester", _("semester")
        YEAR = "year", _("whole year")

    academic_year = models.ForeignKey(
        AcademicYear,
        on_delete=models.PROTECT,
        related_name="periods",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SEMESTER)
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("academic period")
        verbose_name_plural = _("academic periods")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "kind", "number"], name="academic_period_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="academic_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.YEAR:
            return f"{self.academic_year}"
        return _("%(year)s, semester %(number)s") % {
            "year": self.academic_year,
            "number": self.number,
        }


class Course(TranslatedName):
    """A discipline of the curriculum."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    credits = models.PositiveSmallIntegerField(_("ECTS credits"), default=5)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]


class CourseAssignment(models.Model):
    """Who teaches which course to which group in which period. Teachers' access to
    students is derived from these rows, which change every semester, instead of
    being stored as permissions."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="course_assignments",
        verbose_name=_("teacher"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("course")
    )
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.PROTECT,
        related_name="course_assignments",
        verbose_name=_("group"),
    )
    period = models.ForeignKey(
        AcademicPeriod,
        on_delete=models.PROTECT,
        related_name="course_assignments",
        verbose_name=_("academic period"),
    )

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "course", "group", "period"], name="course_assignment_unique"
            )
        ]
        indexes = [models.Index(fields=["group", "period"], name="course_asg_group_period")]

    def __str__(self) -> str:
        return f"{self.course} — {self.group} — {self.teacher}"


class NeedCategory(Catalogue):
    class Meta(Catalogue.Meta):
        verbose_name = _("category of special educational needs")
        verbose_name_plural = _("categories of special educational needs")


class AdaptationType(Catalogue):
    class Meta(Catalogue.Meta):
        verbose_name = _("adaptation type")
        verbose_name_plural = _("adaptation types")


class SupportMeasureType(Catalogue):
    class Meta(Catalogue.Meta):
        verbose_name = _("support measure type")
        verbose_name_plural = _("support measure types")


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
        return reverse("students:student-detail", args=[self.pk])

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


class StudentGroupObjectPermission(GroupObjectPermissionBase):
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
        return reverse("students:application-detail", args=[self.pk])


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


class Notification(models.Model):
    """Something a person should know or act on, shown in the app and e-mailed at
    once or in the daily digest (students/notifications.py). The text is composed
    when shown, in the reader's language, from `kind` and `params`; params never hold
    health information."""

    class Kind(models.TextChoices):
        APPLICATION_SUBMITTED = "application_submitted", _("application registered")
        APPLICATION_NEW = "application_new", _("new application")
        APPLICATION_CHANGED = "application_changed", _("application status changed")
        CASE_ASSIGNED = "case_assigned", _("case assigned")
        CONCLUSION_ISSUED = "conclusion_issued", _("conclusion issued")
        ROUTE_FOR_AGREEMENT = "route_for_agreement", _("route to agree")
        ROUTE_RETURNED = "route_returned", _("route returned for revision")
        ROUTE_FOR_APPROVAL = "route_for_approval", _("route to approve")
        ROUTE_APPROVED = "route_approved", _("route approved")
        LETTER_TO_ACKNOWLEDGE = "letter", _("letter to acknowledge")
        FORMAT_REQUESTED = "format_requested", _("material requested in another format")
        FORMAT_DELIVERED = "format_delivered", _("material delivered in another format")
        BARRIER_REPORTED = "barrier", _("accessibility barrier reported")
        REPORT_NEW = "report_new", _("adaptation reported as not provided")
        REPORT_ESCALATED = "report_escalated", _("unresolved report escalated")
        REPORT_RESOLVED = "report_resolved", _("report resolved")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        from .notifications import message_for

        return message_for(self.kind, self.params)
