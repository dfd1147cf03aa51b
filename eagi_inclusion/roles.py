"""The roles of the regulation, as Django groups, for every layer: the groups and
their model permissions are created by a migration (students/migrations/0002_roles.py);
this module names them for the code and reads them once per request. It knows no app,
so documents and the project's middleware can check a role without importing one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    REPRESENTATIVE = "legal_representative", _("Legal representative")
    TEACHER = "teacher", _("Teacher")
    SPECIALIST = "specialist", _("Centre specialist")
    CENTRE_HEAD = "centre_head", _("Head of the centre")
    MANAGEMENT = "management", _("Rector's office")
    REGISTRY = "registry", _("Registry clerk")
    ADMINISTRATOR = "administrator", _("Administrator")


def user_roles(user) -> frozenset[str]:
    """The role names of a user, read once per request and cached on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_cache = cached
    return cached


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
    }
)


# Who must confirm every sign-in with a second factor: staff, and legal
# representatives, who read another adult's record (#28, finding 1).
TWO_FACTOR_ROLES = STAFF_ROLES | {Role.REPRESENTATIVE}


def requires_two_factor(user) -> bool:
    return user.is_authenticated and (
        user.is_staff or user.is_superuser or bool(user_roles(user) & TWO_FACTOR_ROLES)
    )
