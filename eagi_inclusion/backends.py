"""Django's ModelBackend reads a signed-in user with one query, then their groups
(our roles) with another and their permissions with two more, on every request that
checks them. Here, on PostgreSQL, the user arrives with their role names and
permissions in the same query; elsewhere the permissions are still one query instead
of two. Same results (tests compare them); object permissions stay with
django-guardian."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

from . import facts


def _granted_to(user):
    """The permissions given to `user` (an instance or an OuterRef) directly or through
    a group."""
    return Permission.objects.filter(Q(user=user) | Q(group__user=user))


class ModelBackendOneQuery(ModelBackend):
    def get_user(self, user_id):
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
            # What eagi_inclusion.roles.user_roles remembers for the request, and what
            # Django's get_all_permissions caches on the user.
            facts.prime(user, "roles", frozenset(user.role_names))
            if not user.is_superuser:
                user._perm_cache = set(user.permission_names)
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
