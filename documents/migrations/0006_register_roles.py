"""The centre head and the registry clerk read the unified register."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="documents", codename="view_registerentry")
    for name in ("centre_head", "registry"):
        Group.objects.get(name=name).permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_issued_files"),
        ("students", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
