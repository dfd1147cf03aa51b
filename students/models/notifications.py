"""Notifications: what a person should know or act on, and what each kind says
(composed when shown, in the reader's language). Delivery is students/notifications.py."""

import contextlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .accounts import InterfaceLanguage
from .intake import ApplicationStatus
from .links import LinkRequest


class Notification(models.Model):
    """Something a person should know or act on, shown in the app and e-mailed at
    once or in the daily digest (students/notifications.py). The text is composed
    when shown, in the reader's language, from `kind` and `params`; params never hold
    health information."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # One of the kinds the apps register (register_kind): no choices in the database,
    # so an app adds its kinds without a migration of this one.
    kind = models.CharField(_("kind"), max_length=30)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        return message_for(self.kind, self.params)


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str  # what the kind is, e.g. "route approved"
    message: str  # what the notification says, with %(name)s parameters


# code -> kind: each app registers its own (students/notifications.py,
# routes/notifications.py, support/notifications.py), so this module names none of them.
KINDS: dict[str, NotificationKind] = {}


def register_kind(code: str, label, message) -> str:
    """Declare a kind of notification; returns its code, for `notify`."""
    kind = NotificationKind(code, label, message)
    if KINDS.get(code, kind) != kind:
        raise ValueError(f"Notification kind {code!r} is registered twice.")
    KINDS[code] = kind
    return code


# Parameters stored as codes and named in the reader's language only when shown:
# name -> function from the code to its label. Apps add theirs in AppConfig.ready()
# (support: the format of a material), so this module needs no import of them.
PARAM_LABELS = {
    "status": lambda code: ApplicationStatus(code).label,
    "link": lambda code: LinkRequest.Kind(code).label,
    "language": lambda code: InterfaceLanguage(code).label,
}


def register_param_label(name: str, label) -> None:
    PARAM_LABELS[name] = label


def in_each_language(value) -> dict[str, str] | str:
    """A name as each interface language shows it -- a person's Russian name, a course's
    Russian title -- for a notification's parameters: `message_for` shows the reader's.
    `value` is a function, called once per language; a name the same in every language
    is stored as one string."""
    from django.utils import translation

    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names[code] = str(value())
    return names if len(set(names.values())) > 1 else names[settings.LANGUAGE_CODE]


def _in_reading_language(value):
    if not isinstance(value, dict):
        return value
    from django.utils.translation import get_language

    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return value.get(language) or value.get(settings.LANGUAGE_CODE) or next(iter(value.values()))


def message_for(kind: str, params: dict) -> str:
    values = {name: _in_reading_language(value) for name, value in params.items()}
    for name, label in PARAM_LABELS.items():
        # A value written by an older version as text is shown as it is.
        with contextlib.suppress(ValueError):
            if name in values:
                values[name] = label(values[name])
    try:
        return str(KINDS[kind].message) % values
    except (KeyError, TypeError, ValueError):
        # A notification from an older version of a message: never a broken page.
        return str(KINDS[kind].label) if kind in KINDS else kind
