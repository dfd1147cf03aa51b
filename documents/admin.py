from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AccessEvent, EcpEvent, Institution, PersonSignature


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """The access log is read in the admin, never written or changed there."""

    list_display = ("occurred_at", "actor", "action", "student", "ip_address")
    list_filter = ("action",)
    list_select_related = ("actor", "student")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # Who read which student's record says who is a client of the centre: not the
    # administrator's (#28, finding 6). A superuser (break-fix, every sign-in logged)
    # reads it here; the head reads a student's on the case page.
    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(EcpEvent)
class EcpEventAdmin(AccessEventAdmin):
    """Every attempt to sign in or sign with ЭЦП, read-only; an IIN names a person, so
    like the access log it is a superuser's to read."""

    list_display = ("occurred_at", "purpose", "outcome", "reason", "iin", "user", "ip_address")
    list_filter = ("purpose", "outcome", "reason")
    list_select_related = ("user",)
    search_fields = ("iin", "certificate_serial")


@admin.register(PersonSignature)
class PersonSignatureAdmin(AccessEventAdmin):
    """People's ЭЦП on registered documents: kept as signed, never edited."""

    list_display = ("signed_at", "register_entry", "decision", "signer_name", "certificate_serial")
    list_filter = ("decision",)
    list_select_related = ("register_entry",)
    search_fields = ("register_entry__number", "certificate_serial")
    exclude = ("certificate", "ocsp_response")
    date_hierarchy = "signed_at"


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    """The one institution record: names, address, contacts, BIN, logo, register
    patterns and signing positions (every form and page reads it)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    fieldsets = (
        (
            _("Names"),
            {"fields": ("name_kk", "name_ru", "name_en", "centre_kk", "centre_ru", "centre_en")},
        ),
        (
            _("Address and contacts"),
            {
                "fields": (
                    "address_kk",
                    "address_ru",
                    "address_en",
                    "phone",
                    "email",
                    "website",
                    "bin",
                )
            },
        ),
        (_("Forms"), {"fields": ("logo", "register_patterns", "signers")}),
        (_("Reports of mistreatment"), {"fields": ("complaints_officer",)}),
        (_("Digital signature (ЭЦП)"), {"fields": ("ecp_policy",)}),
    )
    raw_id_fields = ("complaints_officer",)

    def has_add_permission(self, request):
        return not Institution.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
