"""The Django admin is for administrators: catalogues, accounts and student records.
Health profiles are not here on purpose: they are edited by centre staff on the case,
where every read is logged (docs/access-model.md)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:1],
        (
            _("Personal info"),
            {
                "fields": (
                    "last_name",
                    "first_name",
                    "patronymic",
                    "full_name_ru",
                    "preferred_name",
                    "email",
                    "position",
                    "language",
                )
            },
        ),
        *DjangoUserAdmin.fieldsets[2:],
    )
    list_display = ("username", "last_name", "first_name", "patronymic", "is_active")
    list_filter = ("groups", "is_active", "is_staff")
    search_fields = ("username", "last_name", "first_name", "patronymic", "email")


class TranslatedAdmin(admin.ModelAdmin):
    search_fields = ("code", "name_kk", "name_ru", "name_en")


@admin.register(models.Faculty)
class FacultyAdmin(TranslatedAdmin):
    list_display = ("code", "name_kk", "name_ru")


@admin.register(models.Programme)
class ProgrammeAdmin(TranslatedAdmin):
    list_display = ("code", "name_kk", "faculty")
    list_filter = ("faculty",)
    list_select_related = ("faculty",)


@admin.register(models.StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "programme", "admission_year", "language_of_study")
    list_filter = ("programme__faculty", "language_of_study", "admission_year")
    list_select_related = ("programme",)
    search_fields = ("code",)


class AcademicPeriodInline(admin.TabularInline):
    model = models.AcademicPeriod
    extra = 0


@admin.register(models.AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ("name", "starts_on", "ends_on")
    inlines = [AcademicPeriodInline]


@admin.register(models.Course)
class CourseAdmin(TranslatedAdmin):
    list_display = ("code", "name_kk", "name_ru", "credits")


@admin.register(models.CourseAssignment)
class CourseAssignmentAdmin(admin.ModelAdmin):
    list_display = ("course", "group", "period", "teacher")
    list_filter = ("period",)
    list_select_related = ("course", "group", "period__academic_year", "teacher")
    autocomplete_fields = ("teacher", "course", "group")
    search_fields = ("course__code", "group__code", "teacher__last_name")


@admin.register(models.NeedCategory, models.AdaptationType, models.SupportMeasureType)
class CatalogueAdmin(TranslatedAdmin):
    list_display = ("code", "name_kk", "name_ru", "position", "is_active")
    list_editable = ("position", "is_active")


class RepresentativeInline(admin.StackedInline):
    model = models.LegalRepresentative
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(models.Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "patronymic", "iin", "study_group")
    list_select_related = ("study_group",)
    list_filter = ("study_group__programme__faculty", "year_of_study", "language_of_study")
    search_fields = ("iin", "last_name", "first_name", "patronymic", "full_name_ru")
    autocomplete_fields = ("user", "study_group")
    inlines = [RepresentativeInline]


@admin.register(models.CaseAssignment)
class CaseAssignmentAdmin(admin.ModelAdmin):
    """Read-only: assignments change through the centre head's page, which grants and
    revokes the object permissions that go with them."""

    list_display = ("student", "specialist", "assigned_at", "ended_at")
    list_select_related = ("student", "specialist")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
