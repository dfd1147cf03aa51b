"""Accounts: the administrator manages them without ever holding another person's
password or a role that opens health data (docs/access-model.md).

- A new account has no usable password: its owner chooses one from a link sent to
  their own e-mail (`password_link_send`), as does anyone an administrator resets.
- Any change of a password tells the owner by e-mail; Django's session hash ends the
  account's other sessions at their next request.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.errors import DomainError
from eagi_inclusion.mail import queue_email
from eagi_inclusion.roles import Role, has_role, role_labels

from .models import User

logger = logging.getLogger(__name__)

# Roles that open health data: granted by the centre head, never by the administrator.
HEALTH_ROLES = frozenset({Role.CENTRE_HEAD, Role.SPECIALIST})


def password_link(user) -> str:
    """A one-time link to choose a password (Django's reset token: valid until used,
    the password changes, or PASSWORD_RESET_TIMEOUT passes)."""
    return settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def password_link_send(user) -> bool:
    """E-mail the owner a one-time link to choose a password (password_link)."""
    if not user.email:
        return False
    if user.directory_dn and getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
        return False  # the directory's password is the only one (students/directory.py)
    link = password_link(user)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = render_to_string("students/email/password_link.txt", {"user": user, "link": link})
        subject = _("EAGI Inclusion: choose your password")
    queue_email(subject, body, [user.email])
    return True


def on_user_saved(sender, instance, created, **kwargs) -> None:
    """post_save of User: a password set by any route (the owner's page, a reset link,
    the admin) tells the owner. Django keeps the raw password in `_password` until the
    save has finished, so it tells a password change from any other save."""
    if not created and instance._password is not None:
        password_changed_notice(instance)


def password_changed_notice(user) -> None:
    """Tell the owner that their password changed (by them, or by a reset link)."""
    if not user.email:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = render_to_string(
            "students/email/password_changed.txt",
            {"user": user, "at": timezone.localtime(), "base_url": settings.SITE_URL},
        )
        subject = _("EAGI Inclusion: your password was changed")
    queue_email(subject, body, [user.email])


def health_role_holders() -> list[tuple[User, list[str]]]:
    """Who holds a role that opens health data, with the labels of all their roles."""
    holders = (
        User.objects.filter(groups__name__in=HEALTH_ROLES, is_active=True)
        .prefetch_related("groups")
        .distinct()
        .order_by("last_name", "first_name")
    )
    return [(person, role_labels(g.name for g in person.groups.all())) for person in holders]


def directory_role_proposals() -> list[tuple[User, str, str]]:
    """Health roles the directory's groups propose (students/directory.py): the head
    gives them on the staff roles page or leaves them; the directory never does."""
    return [
        (person, role, Role(role).label)
        for person in User.objects.filter(is_active=True)
        .exclude(directory_roles_proposed=[])
        .order_by("last_name", "first_name")
        for role in person.directory_roles_proposed
        if role in Role.values
    ]


def health_role_set(*, actor, user, role: str, grant: bool) -> None:
    """The centre head gives or takes a role that opens health data (specialist,
    centre head). Nobody else may: not the administrator, not the directory."""

    if not (actor.is_active and not actor.is_superuser and has_role(actor, Role.CENTRE_HEAD)):
        raise DomainError(_("Only the head of the centre gives or takes these roles."))
    if role not in HEALTH_ROLES:
        raise DomainError(_("This role is given by the administrator."))
    if not grant and user.pk == actor.pk and role == Role.CENTRE_HEAD:
        raise DomainError(_("You cannot take the head's role from yourself."))
    if grant and not user.is_active:
        raise DomainError(_("The account is deactivated."))
    group = Group.objects.get(name=role)
    if grant:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if role in user.directory_roles_proposed:  # the directory's proposal, answered
        user.directory_roles_proposed = [r for r in user.directory_roles_proposed if r != role]
        user.save(update_fields=["directory_roles_proposed"])
    logger.warning(
        "Role %s %s user %s by %s", role, "given to" if grant else "taken from", user.pk, actor.pk
    )


# Set at sign-in: this account has paired an authenticator, so the session passes the
# second step too, whatever the roles (students and representatives may choose it).
SECOND_FACTOR_SESSION_KEY = "eagi_second_factor"


def on_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (students.apps): remember whether the account uses a
    second factor, and log every superuser sign-in (break-fix only) in the access log."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    request.session[SECOND_FACTOR_SESSION_KEY] = TOTPDevice.objects.filter(
        user=user, confirmed=True
    ).exists()
    if user.is_superuser:
        request.user = user  # login() sets it; a test client's force_login does not
        access_log(
            request=request,
            action=AccessEvent.Action.SUPERUSER_SIGN_IN,
            reason=_("A superuser signed in: break-fix only."),
        )


def notification_delivery_set(*, user, delivery: str) -> None:
    """A person chooses how their notifications are e-mailed (their own account only;
    saved through the model, so the account's history has the change)."""
    if delivery not in User.Delivery.values:
        raise DomainError(_("Choose how notifications are e-mailed."))
    user.notification_delivery = delivery
    user._history_user = user
    user.save(update_fields=["notification_delivery"])


def notifications_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read."""
    unread = user.notifications.filter(read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())
