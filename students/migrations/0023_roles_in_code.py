"""The roles' model permissions now live in code (eagi_inclusion.roles.ROLE_PERMISSIONS,
#29): this makes the groups hold exactly them. The administrator loses three
permissions no page used any more: view_caseassignment (no admin list, #28) and
add/change_courseassignment (teaching assignments are confirmed by the head, #28).

It calls today's code on purpose: sync_roles touches only auth's Group and
Permission, whose shape does not change, and the permissions it names exist once the
dependencies below have run. A later change to a role edits ROLE_PERMISSIONS and adds
a migration like this one."""

from django.db import migrations


def sync(apps, schema_editor):
    from eagi_inclusion.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("students", "0022_access_log_not_for_administrator"),
        ("documents", "0025_casefilecopy"),
        ("routes", "0015_case_file_jobs"),
        ("support", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
