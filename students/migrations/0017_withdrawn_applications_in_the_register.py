"""Applications withdrawn before the register knew the status (documents/0019) stop
looking valid on the verification page."""

from django.db import migrations


def forwards(apps, schema_editor):
    Application = apps.get_model("students", "Application")
    RegisterEntry = apps.get_model("documents", "RegisterEntry")
    withdrawn = Application.objects.filter(
        status="withdrawn", register_entry__isnull=False
    ).values_list("register_entry_id", flat=True)
    RegisterEntry.objects.filter(pk__in=list(withdrawn), status="registered").update(
        status="withdrawn"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("students", "0016_notification_kind_consent_requested"),
        ("documents", "0019_register_status_withdrawn_superseded_by"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
