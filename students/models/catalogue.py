"""The institute's catalogues: faculties, programmes, groups, years and periods,
courses and who teaches them, and the centre's own lists (SEN categories,
adaptation and support measure types)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .accounts import DocumentLanguage


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


class Unit(Catalogue):
    """A structural unit of the Institute that the centre asks to act (§1.3, §10.4): the
    facilities department, IT, the library, a dean's office, the events office. Its
    staff have accounts with the unit role and `User.unit` set: they see and close the
    tasks assigned to their unit (support/units.py), nothing else of a case."""

    email = models.EmailField(_("e-mail of the unit"), blank=True)

    class Meta(Catalogue.Meta):
        verbose_name = _("structural unit")
        verbose_name_plural = _("structural units")


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
