"""Fill the register's new `superseded_by` for route and conclusion versions replaced
before it existed (documents/0019), so the verification page names the newer one."""

from django.db import migrations


def forwards(apps, schema_editor):
    RegisterEntry = apps.get_model("documents", "RegisterEntry")
    for model_name in ("Route", "Conclusion"):
        model = apps.get_model("routes", model_name)
        newer = model.objects.filter(
            supersedes__isnull=False,
            register_entry__isnull=False,
            supersedes__register_entry__isnull=False,
        ).values_list("supersedes__register_entry_id", "register_entry_id", "register_entry__registered_at")
        for old_id, new_id, at in newer:
            RegisterEntry.objects.filter(pk=old_id, status="superseded").update(
                superseded_by_id=new_id, status_changed_at=at
            )


class Migration(migrations.Migration):
    dependencies = [
        ("routes", "0010_conclusion_sent_to_the_head"),
        ("documents", "0019_register_status_withdrawn_superseded_by"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
