"""The roles of the regulation, as Django groups, for every layer: this module names
them, declares each one's model permissions (`ROLE_PERMISSIONS`, the only place they
are written) and reads them once per request. `sync_roles` makes the database so; the
migrations that change a role call it, and so do the tests after each flush. It knows
no app (permissions are named as text), so documents and the project's middleware can
check a role without importing one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import facts


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    REPRESENTATIVE = "legal_representative", _("Legal representative")
    TEACHER = "teacher", _("Teacher")
    SPECIALIST = "specialist", _("Centre specialist")
    CENTRE_HEAD = "centre_head", _("Head of the centre")
    MANAGEMENT = "management", _("Rector's office")
    REGISTRY = "registry", _("Registry clerk")
    ADMINISTRATOR = "administrator", _("Administrator")
    UNIT = "unit", _("Structural unit")


def user_roles(user) -> frozenset[str]:
    """The role names of a user, read once per request (eagi_inclusion.facts)."""
    if not user.is_authenticated:
        return frozenset()
    return facts.remember(
        user, "roles", lambda: frozenset(user.groups.values_list("name", flat=True))
    )


def role_label(name: str) -> str:
    """A role's name in the active language; an unknown group keeps its own name."""
    return str(Role(name).label) if name in Role.values else name


def role_labels(names) -> list[str]:
    """The labels of the known roles among `names`, in the order of Role."""
    wanted = set(names)
    return [str(label) for value, label in Role.choices if value in wanted]


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


# Everyone but students and their representatives works with other people's data.
STAFF_ROLES = frozenset(
    {
        Role.TEACHER,
        Role.SPECIALIST,
        Role.CENTRE_HEAD,
        Role.MANAGEMENT,
        Role.REGISTRY,
        Role.ADMINISTRATOR,
        Role.UNIT,
    }
)


# Who must confirm every sign-in with a second factor: staff, and legal
# representatives, who read another adult's record (#28, finding 1).
TWO_FACTOR_ROLES = STAFF_ROLES | {Role.REPRESENTATIVE}


def requires_two_factor(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or bool(user_roles(user) & TWO_FACTOR_ROLES)
    )


# Each role's model permissions, as "app_label.codename". Object permissions on a case
# (students.view_case, work_on_case, view_case_health on one Student) are granted by
# assignment, not here. Changing a role: edit this, and add a migration that calls
# sync_roles (students/migrations/0002_reference_data_search_and_roles.py shows how).
_CATALOGUES = (
    "faculty",
    "programme",
    "studygroup",
    "academicyear",
    "academicperiod",
    "course",
    "unit",
)
_REFERENCE = ("needcategory", "adaptationtype", "supportmeasuretype")
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.STUDENT: frozenset(),
    Role.REPRESENTATIVE: frozenset(),
    Role.TEACHER: frozenset(),
    Role.SPECIALIST: frozenset(f"students.view_{m}" for m in _REFERENCE),
    Role.CENTRE_HEAD: frozenset(
        {
            *(f"students.view_{m}" for m in _REFERENCE),
            "students.view_all_cases",
            "students.view_case",
            "students.view_case_health",
            "students.work_on_case",
            "students.assign_case",
            "documents.view_accessevent",
            "documents.view_registerentry",
            "documents.view_breach",
            "documents.add_breach",
            "documents.change_breach",
            "documents.view_disclosure",
            "documents.add_disclosure",
        }
    ),
    Role.MANAGEMENT: frozenset({"routes.approve_route"}),
    Role.REGISTRY: frozenset({"documents.view_registerentry"}),
    Role.UNIT: frozenset(),
    # Accounts, catalogues and study data in the Django admin; never the access log nor
    # who is a client of the centre (#28), never a teaching assignment (the head
    # confirms those: students/links.py).
    Role.ADMINISTRATOR: frozenset(
        {
            "auth.view_group",
            *(
                f"students.{a}_{m}"
                for a in ("view", "add", "change", "delete")
                for m in (*_CATALOGUES, *_REFERENCE)
            ),
            "students.view_user",
            "students.add_user",
            "students.change_user",
            "students.view_student",
            "students.add_student",
            "students.change_student",
            "students.view_legalrepresentative",
            "students.add_legalrepresentative",
            "students.change_legalrepresentative",
            "students.delete_legalrepresentative",
            "students.view_courseassignment",
            "students.delete_courseassignment",
            "students.view_linkrequest",
            "students.add_linkrequest",
            "documents.view_institution",
            "documents.change_institution",
            "documents.view_breach",
            "documents.add_breach",
            "documents.change_breach",
        }
    ),
}


def sync_roles(apps) -> None:
    """Make every role's group hold exactly its ROLE_PERMISSIONS (creating the groups,
    and the permissions of models new in this migration). `apps`: a migration's
    historical app registry, or django.apps.apps."""
    from django.contrib.auth.management import create_permissions
    from django.db.models import Q

    for app_config in apps.get_app_configs():
        # A historical app config has no models module; create_permissions needs one.
        module = getattr(app_config, "models_module", None)
        app_config.models_module = module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = {name for name in ROLE_PERMISSIONS[role] if not _model_not_made_yet(apps, name)}
        condition = Q(pk__in=[])
        for name in wanted:
            app_label, codename = name.split(".")
            condition |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(condition))
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if found != wanted:
            raise LookupError(f"Permissions missing for {role.value}: {sorted(wanted - found)}")
        group.permissions.set(permissions)


def _model_not_made_yet(apps, name: str) -> bool:
    """A model's default permission ("students.view_unit") at a migration that runs
    before the model exists: left for the later migration that makes it (and calls
    sync_roles again). A custom permission ("students.view_all_cases") is never one."""
    from django.apps import apps as today

    app_label, codename = name.split(".")
    action, _sep, model = codename.partition("_")
    if action not in {"add", "change", "delete", "view"}:
        return False
    try:
        today.get_model(app_label, model)
    except LookupError:
        return False  # not a model's name: a custom permission
    try:
        apps.get_model(app_label, model)
    except LookupError:
        return True
    return False
