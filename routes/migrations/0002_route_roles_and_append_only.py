"""The rector's office approves routes; route decisions are append-only on
PostgreSQL, with the trigger function of documents/0003."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRIGGER = """
CREATE OR REPLACE TRIGGER routes_routedecision_append_only
    BEFORE UPDATE OR DELETE ON routes_routedecision
    FOR EACH ROW EXECUTE FUNCTION documents_refuse_change();
"""


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    approve = Permission.objects.get(content_type__app_label="routes", codename="approve_route")
    Group.objects.get(name="management").permissions.add(approve)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS routes_routedecision_append_only ON routes_routedecision",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("routes", "0001_initial"),
        ("students", "0003_roles"),
        ("documents", "0003_accessevent_append_only"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
