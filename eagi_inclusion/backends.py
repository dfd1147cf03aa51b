"""Django's ModelBackend reads a signed-in user with one query, then their groups
(our roles) with another and their permissions with two more, on every request that
checks them. Here the user, their role names, permissions and confirmed two-factor
devices come from the shared cache (eagi_inclusion/signed_in.py: kept until a write
changes them); when the cache has to read them, on PostgreSQL the user arrives with
their role names and permissions in the same query, elsewhere the permissions are
still one query instead of two. Same results (tests compare them); object permissions
stay with django-guardian."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

from . import data_version, facts, signed_in


def _granted_to(user):
    """The permissions given to `user` (an instance or an OuterRef) directly or through
    a group."""
    return Permission.objects.filter(Q(user=user) | Q(group__user=user))


class ModelBackendOneQuery(ModelBackend):
    def get_user(self, user_id):
        user = signed_in.signed_in_user(user_id, lambda: self._read_user(user_id))
        if user is None or not self.user_can_authenticate(user):
            return None
        # What eagi_inclusion.roles.user_roles remembers for the request, and the data
        # version the request found before reading anything (data_version.kept).
        facts.prime(user, "roles", user.eagi_roles)
        facts.prime(user, data_version.FACT, user.eagi_data_version)
        return user

    def _read_user(self, user_id):
        """The user, their roles, permissions and devices, from the database."""
        users = get_user_model()._default_manager.all()
        prefetched = connection.vendor == "postgresql"
        if prefetched:
            from django.contrib.postgres.expressions import ArraySubquery
            from django.db.models import OuterRef

            users = users.annotate(
                role_names=ArraySubquery(
                    Group.objects.filter(user=OuterRef("pk")).values("name").order_by()
                ),
                permission_names=ArraySubquery(
                    _granted_to(OuterRef("pk"))
                    .annotate(
                        qualified=Concat(F("content_type__app_label"), Value("."), "codename")
                    )
                    .values("qualified")
                    .order_by()
                ),
            )
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        if prefetched:
            user.eagi_roles = frozenset(user.role_names)
            if not user.is_superuser:
                # What Django's get_all_permissions caches on the user.
                user._perm_cache = set(user.permission_names)
        else:
            user.eagi_roles = frozenset(user.groups.values_list("name", flat=True))
        self.get_all_permissions(user)
        user.eagi_devices = signed_in.confirmed_devices(user)
        return user

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = (
                Permission.objects.all() if user_obj.is_superuser else _granted_to(user_obj)
            )
            rows = permissions.values_list("content_type__app_label", "codename")
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows.order_by()}
        return user_obj._perm_cache
