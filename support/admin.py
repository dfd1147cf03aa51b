from django.contrib import admin

from .models import ExternalOrganisation


@admin.register(ExternalOrganisation)
class ExternalOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contact")
    list_filter = ("kind",)
    search_fields = ("name",)
