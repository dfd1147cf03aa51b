"""The administrator keeps the institution's record in the admin (#18)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="administrator").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="documents",
            codename__in=["view_institution", "change_institution"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0020_institution"),
        ("students", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
