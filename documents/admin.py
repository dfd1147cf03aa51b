from django.contrib import admin

from .models import AccessEvent


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
