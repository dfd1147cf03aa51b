"""The roles of the regulation as groups, with the model permissions each holds.

Access to a particular case is not here: centre specialists get object permissions
when a case is assigned to them; teachers, students and representatives reach cases
through their relation to the student (docs/access-model.md). Later capabilities add
their permissions to these groups in migrations of their own.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOGUES = [
    "faculty",
    "programme",
    "studygroup",
    "academicyear",
    "academicperiod",
    "course",
    "courseassignment",
    "needcategory",
    "adaptationtype",
    "supportmeasuretype",
]


def _crud(model):
    return [f"students.{action}_{model}" for action in ("add", "change", "delete", "view")]


ROLES = {
    "student": [],
    "legal_representative": [],
    "teacher": [],
    "specialist": [
        "students.view_needcategory",
        "students.view_adaptationtype",
        "students.view_supportmeasuretype",
    ],
    "centre_head": [
        "students.view_all_cases",
        "students.view_case",
        "students.view_case_health",
        "students.work_on_case",
        "students.assign_case",
        "students.view_needcategory",
        "students.view_adaptationtype",
        "students.view_supportmeasuretype",
        "documents.view_accessevent",
    ],
    "management": [],
    "registry": [],
    "administrator": [
        *(perm for model in CATALOGUES for perm in _crud(model)),
        "students.add_user",
        "students.change_user",
        "students.view_user",
        "students.add_student",
        "students.change_student",
        "students.view_student",
        "students.add_legalrepresentative",
        "students.change_legalrepresentative",
        "students.delete_legalrepresentative",
        "students.view_legalrepresentative",
        "students.view_caseassignment",
        "auth.view_group",
        "documents.view_accessevent",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate);
    # create them now so that the groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("students", "0002_catalogue_entries"),
        ("documents", "0003_accessevent_append_only"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
