"""The access log says who is a client of the centre (which implies special educational
needs or a disability): it is the head's to read, not the administrator's (#28,
finding 6). The Django admin's list was already superuser-only; this takes the app's
page from the administrator too."""

from django.db import migrations


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name="administrator").first()
    if administrator is not None:
        administrator.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="documents", codename="view_accessevent"
            )
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="administrator").permissions.add(
        *Permission.objects.filter(content_type__app_label="documents", codename="view_accessevent")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("students", "0021_link_requests"),
        ("documents", "0025_casefilecopy"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
