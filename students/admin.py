"""The Django admin is for administrators: catalogues, accounts and student records.
Health profiles are not here on purpose: they are edited by centre staff on the case,
where every read is logged (docs/access-model.md)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.roles import Role, role_label

from . import models
from .accounts import HEALTH_ROLES, password_link_send
from .links import LinkError, link_check, link_request
from .uploads import check_uploads

# Nobody reads a TOTP key in the admin, not even a superuser: with the key and a
# password reset, the second factor of any staff account would be someone else's.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


class AccountCreationForm(forms.ModelForm):
    """A new account: its names and e-mail. No password: the owner chooses one from
    the link sent to their own e-mail."""

    class Meta:
        model = models.User
        fields = ("username", "email", "last_name", "first_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class RoleFilter(admin.SimpleListFilter):
    """The accounts of one role, named in the reader's language."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.value, role.label) for role in Role]

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(models.User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    """Accounts for the administrator, who never sets a password, never gives a role
    that opens health data (the centre head does: students:staff-roles), never changes
    their own roles and never sees `is_superuser` or per-user permissions."""

    add_form = AccountCreationForm
    # A plain multiple select: the two-box widget's search icons break ARIA rules.
    filter_horizontal = ()
    add_fieldsets = ((None, {"fields": ("username", "email", "last_name", "first_name")}),)
    actions = ["send_password_link"]
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
                    "iin",
                    "email",
                    "position",
                    "position_ru",
                    "unit",
                    "language",
                )
            },
        ),
        *DjangoUserAdmin.fieldsets[2:],
    )
    list_display = ("username", "last_name", "first_name", "patronymic", "is_active")
    list_filter = (RoleFilter, "is_active", "is_staff")
    search_fields = ("username", "last_name", "first_name", "patronymic", "email")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f not in hidden)})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # Recorded by Django, never typed (and their split date/time inputs are unlabelled).
        fields = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if obj is None or request.user.is_superuser:
            return fields
        # The e-mail of an existing account is where its password links go: changing it
        # would hand the account to whoever reads the new address.
        fields.append("email")
        roles = set(obj.groups.values_list("name", flat=True))
        if obj.pk == request.user.pk or obj.is_superuser or roles & HEALTH_ROLES:
            fields += ["groups", "is_staff", "is_active"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(name__in=HEALTH_ROLES)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            # A role by its name in the reader's language, not its code (#30, item 19).
            field.label_from_instance = lambda group: role_label(group.name)
        return field

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password: the account page's "Reset password"
        leads here, where a one-time link to choose one is sent to the owner's own
        e-mail (students.accounts.password_link_send)."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        back = reverse("admin:students_user_change", args=[user.pk])
        if request.method == "POST":
            if user.is_active and password_link_send(user):
                messages.success(
                    request, _("A link to choose a password was sent to %s.") % user.email
                )
            else:
                messages.error(
                    request,
                    _(
                        "No link was sent: the account is deactivated, has no e-mail address, "
                        "or signs in through the Institute's directory."
                    ),
                )
            return redirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send a link to choose a new password"),
            "opts": self.opts,
            "original": user,
        }
        return TemplateResponse(request, "admin/students/user/password_link.html", context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and password_link_send(obj):
            messages.info(request, _("A link to choose a password was sent to %s.") % obj.email)

    @admin.action(description=_("Send a link to choose a new password"))
    def send_password_link(self, request, queryset):
        sent = sum(password_link_send(user) for user in queryset.filter(is_active=True))
        messages.info(
            request,
            ngettext(
                "A link was sent to %(count)s account's own e-mail.",
                "A link was sent to %(count)s accounts' own e-mail.",
                sent,
            )
            % {"count": sent},
        )


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
    """Read and ended here; made only by the head's confirmation of a request (a
    teaching assignment opens the group's students to the teacher: #28, finding 1)."""

    list_display = ("course", "group", "period", "teacher")
    list_filter = ("period",)
    list_select_related = ("course", "group", "period__academic_year", "teacher")
    search_fields = ("course__code", "group__code", "teacher__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.NeedCategory, models.AdaptationType, models.SupportMeasureType, models.Unit)
class CatalogueAdmin(TranslatedAdmin):
    list_display = ("code", "name_kk", "name_ru", "position", "is_active")
    list_editable = ("position", "is_active")

    def get_changelist_form(self, request, **kwargs):
        """Each editable cell gets an accessible name: the column and the row."""
        base = super().get_changelist_form(request, **kwargs)

        class LabelledRow(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    label = f"{field.label}: {self.instance}" if self.instance.pk else field.label
                    field.widget.attrs["aria-label"] = label

        return LabelledRow


class RepresentativeInline(admin.StackedInline):
    """Contact details of a representative. Their account is linked only by the head's
    confirmation of a request with its ground (LinkRequestAdmin)."""

    model = models.LegalRepresentative
    extra = 0
    readonly_fields = ("user",)


@admin.register(models.Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "patronymic", "iin", "study_group")
    list_select_related = ("study_group",)
    list_filter = ("study_group__programme__faculty", "year_of_study", "language_of_study")
    search_fields = ("iin", "last_name", "first_name", "patronymic", "full_name_ru")
    raw_id_fields = ("study_group",)
    # Set by the services (archiving, disposal; the account by a confirmed request),
    # never typed in the admin.
    readonly_fields = ("user", "archived_at", "disposed_at")
    inlines = [RepresentativeInline]

    # A student's record and its change history are personal data: each page shown to
    # the administrator is a read in the access log, like the case page.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._log_read(request, object_id, response)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log_read(request, object_id, response)
        return response

    def _log_read(self, request, object_id, response) -> None:

        student = models.Student.objects.filter(pk=object_id).first()
        if request.method == "GET" and response.status_code == 200 and student is not None:
            access_log(
                request=request, action=AccessEvent.Action.CASE_VIEW, student=student, obj=student
            )


# No CaseAssignment list in the admin: who is a client of the centre implies special
# educational needs or a disability, which is not the administrator's to see (#28,
# finding 6). Assignments are made and read on the centre head's pages.


class LinkRequestForm(forms.ModelForm):
    """The administrator's request: who, to what, on which ground (a scan checked like
    every upload). It is checked as the head's confirmation will check it."""

    ground_scan = forms.FileField(
        label=_("scan of the ground"),
        required=False,
        help_text=_("PDF, JPEG or PNG, up to 20 MB. Required for a legal representative."),
    )

    class Meta:
        model = models.LinkRequest
        fields = ("kind", "account", "student", "relation", "course", "group", "period", "basis")

    def clean_ground_scan(self):
        upload = self.cleaned_data.get("ground_scan")
        if not upload:
            return None
        [checked] = check_uploads([upload])
        return checked

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        names = ("kind", "account", "student", "relation", "course", "group", "period")
        probe = models.LinkRequest(
            **{name: cleaned.get(name) for name in names}, basis=cleaned.get("basis", "")
        )
        scan = cleaned.get("ground_scan")
        if scan is not None:
            probe.ground_sha256 = scan.sha256
        elif probe.kind == models.LinkRequest.Kind.REPRESENTATIVE:
            self.add_error(
                "ground_scan",
                _("Attach a scan of the document that gives the right to represent the student."),
            )
            return cleaned
        try:
            link_check(probe)
        except LinkError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


@admin.register(models.LinkRequest)
class LinkRequestAdmin(SimpleHistoryAdmin):
    """The administrator asks for a record to be opened; the head of the centre
    decides on their own page (students:link-list). A request is never changed or
    deleted here: it is the record of who asked."""

    form = LinkRequestForm
    list_display = ("account", "kind", "student", "status", "requested_at")
    list_filter = ("status", "kind")
    list_select_related = ("account", "student")
    search_fields = ("account__username", "account__last_name", "student__last_name")
    raw_id_fields = ("account", "student", "course", "group")
    readonly_fields = ("ground_name", "requested_by", "decided_by", "decided_at")

    def get_fields(self, request, obj=None):
        fields = ["kind", "account", "student", "relation", "course", "group", "period", "basis"]
        if obj is None:
            return [*fields, "ground_scan"]
        return [*fields, "ground_name", "status", "requested_by", "decided_by", "decided_at",
                "decision_note"]  # fmt: skip

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        made = link_request(
            actor=request.user,
            kind=data["kind"],
            account=data["account"],
            basis=data["basis"],
            student=data.get("student"),
            relation=data.get("relation") or "",
            ground=data.get("ground_scan"),
            course=data.get("course"),
            group=data.get("group"),
            period=data.get("period"),
        )
        obj.pk = made.pk
        messages.info(request, _("The head of the centre confirms or refuses the request."))

    def save_related(self, request, form, formsets, change):
        """Nothing related to save: the service made the request."""


# The roles are groups: listed by their names in the administrator's language, with their
# code beside it (#30, item 19: the list showed `centre_head`).
admin.site.unregister(Group)


# The permissions' names are English text Django stored at `migrate`: on the role's page
# they are named by the model's name and the action, in the administrator's language.
PERMISSION_ACTIONS = {
    "add": _("add"),
    "change": _("change"),
    "delete": _("delete"),
    "view": _("view"),
}
CUSTOM_PERMISSIONS = {
    "approve_route": _("may approve individual education routes"),
    "assign_case": _("may assign specialists to cases"),
    "view_all_cases": _("may see every case"),
    "view_case": _("may see the student's case"),
    "view_case_health": _("may see the health information of the case"),
    "work_on_case": _("may work on the student's case"),
}


def permission_label(permission) -> str:
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and model_name == content_type.model and action in PERMISSION_ACTIONS:
        return f"{capfirst(model._meta.verbose_name)}: {PERMISSION_ACTIONS[action]}"
    return str(CUSTOM_PERMISSIONS.get(permission.codename, permission.name))


@admin.register(Group)
class RoleGroupAdmin(DjangoGroupAdmin):
    list_display = ("role", "name")

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field

    def get_fields(self, request, obj=None):
        """Read only (the administrator's view): the permissions by their names."""
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return ["permission_names" if name == "permissions" else name for name in fields]

    @admin.display(description=_("permissions"))
    def permission_names(self, obj) -> str:
        rows = obj.permissions.select_related("content_type").order_by("content_type", "codename")
        return "; ".join(permission_label(permission) for permission in rows)

    @admin.display(description=_("role"), ordering="name")
    def role(self, obj) -> str:
        return role_label(obj.name)
