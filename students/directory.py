"""Sign-in with the Institute's directory (Active Directory or OpenLDAP), through
django-auth-ldap, when LDAP_SERVER_URI is set (eagi_inclusion/settings.py reads the
rest from the environment; docs/deployment.md §12).

- The first sign-in links the account with the same user name, or else the one with
  the directory's e-mail address, or creates one. A linked account loses its local
  password: from then on the directory decides whether the person may sign in, so a
  person removed from it cannot (and `deactivate_directory_leavers` ends the account).
- Roles follow the directory's groups (LDAP_ROLE_GROUPS) at every sign-in, except the
  roles that open health data: the directory only *proposes* those, and the centre head
  gives them on the staff roles page, as for any account (students.accounts). A person
  the directory no longer lists in such a group loses the role at their next sign-in.
- The second factor applies as for local accounts (the staff roles require TOTP).
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend

from eagi_inclusion import facts
from eagi_inclusion.backends import ModelBackendOneQuery
from eagi_inclusion.roles import Role

from .accounts import HEALTH_ROLES
from .models import User

logger = logging.getLogger(__name__)


def role_groups() -> list[tuple[str, str]]:
    """LDAP_ROLE_GROUPS as (role, group DN in lower case) pairs."""
    pairs = []
    for role, dn in settings.DIRECTORY_ROLE_GROUPS:
        if role not in Role.values:
            raise ImproperlyConfigured(
                f"LDAP_ROLE_GROUPS names the role {role!r}; the roles are {Role.values}."
            )
        pairs.append((role, dn.strip().lower()))
    return pairs


def apply_directory(user: User, dn: str, group_dns) -> None:
    """Bring the account's roles in line with the directory's groups. Health roles are
    proposed, never given; mapped roles the directory no longer lists are taken."""
    mapping = role_groups()
    member_of = {group.lower() for group in group_dns}
    listed = {role for role, group in mapping if group in member_of}
    mapped = {role for role, _group in mapping}
    holds = set(user.groups.values_list("name", flat=True))
    give = (listed - HEALTH_ROLES) - holds
    take = (mapped - listed) & holds
    if give:
        user.groups.add(*Group.objects.filter(name__in=give))
    if take:
        user.groups.remove(*Group.objects.filter(name__in=take))
    for role in sorted(give | take):
        logger.warning(
            "Role %s %s user %s by the directory",
            role,
            "given to" if role in give else "taken from",
            user.pk,
        )
    proposed = sorted((listed & HEALTH_ROLES) - holds)
    changed = []
    if user.directory_dn != dn:
        user.directory_dn = dn
        changed.append("directory_dn")
    if user.directory_roles_proposed != proposed:
        user.directory_roles_proposed = proposed
        changed.append("directory_roles_proposed")
    if user.has_usable_password():
        # Linked to the directory: the old local password must not outlive a leaver.
        user.set_unusable_password()
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    facts.prime(user, "roles", frozenset((holds | give) - take))


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend, linking existing accounts and mapping roles as the
    module says. Signed-in users are read as ModelBackendOneQuery reads them."""

    def get_or_build_user(self, username, ldap_user):
        by_name = User.objects.filter(username__iexact=username).first()
        if by_name is not None:
            return by_name, False
        email_attribute = self.settings.USER_ATTR_MAP.get("email")
        emails = (ldap_user.attrs or {}).get(email_attribute) or [] if email_attribute else []
        if emails:
            same_email = list(User.objects.filter(email__iexact=emails[0])[:2])
            if len(same_email) == 1:  # two accounts with one address: link neither
                logger.warning(
                    "Directory entry %s linked to account %s by e-mail",
                    ldap_user.dn,
                    same_email[0].pk,
                )
                return same_email[0], False
        return User(username=username), True

    def authenticate_ldap_user(self, ldap_user, password):
        with transaction.atomic():
            user = super().authenticate_ldap_user(ldap_user, password)
            if user is None or not user.is_active:
                return None
            apply_directory(user, ldap_user.dn, ldap_user.group_dns)
        return user

    def get_user(self, user_id):
        return ModelBackendOneQuery().get_user(user_id)


def deactivate_directory_leavers() -> list[str]:
    """End the accounts whose directory entry is gone (run daily: manage.py
    sync_directory). Stops at the first directory error, deactivating nobody it could
    not look up. Returns the user names deactivated."""
    import ldap

    backend = DirectoryBackend()
    options = backend.settings
    connection = ldap.initialize(options.SERVER_URI, bytes_mode=False)
    for option, value in options.CONNECTION_OPTIONS.items():
        connection.set_option(option, value)
    if options.START_TLS:
        connection.start_tls_s()
    connection.simple_bind_s(options.BIND_DN, options.BIND_PASSWORD)
    gone = []
    linked = User.objects.filter(is_active=True).exclude(directory_dn="").order_by("pk")
    for user in linked:
        if not options.USER_SEARCH.execute(connection, {"user": user.username}):
            gone.append(user)
    connection.unbind_s()
    for user in gone:
        user.is_active = False
        user.save(update_fields=["is_active"])
        logger.warning("Account %s deactivated: gone from the directory", user.pk)
    return [user.username for user in gone]
