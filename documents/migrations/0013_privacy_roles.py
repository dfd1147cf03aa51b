"""The centre head and the administrator keep the breach register; the centre head
records disclosures."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(*codenames):
        return Permission.objects.filter(content_type__app_label="documents", codename__in=codenames)

    breaches = perms("view_breach", "add_breach", "change_breach")
    for name in ("centre_head", "administrator"):
        Group.objects.get(name=name).permissions.add(*breaches)
    Group.objects.get(name="centre_head").permissions.add(
        *perms("view_disclosure", "add_disclosure")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0012_disclosures_and_breaches"),
        ("students", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
