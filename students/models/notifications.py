"""Notifications: what a person should know or act on, and what each kind says
(composed when shown, in the reader's language). Delivery is students/notifications.py."""

import contextlib

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

    class Kind(models.TextChoices):
        APPLICATION_SUBMITTED = "application_submitted", _("application registered")
        APPLICATION_NEW = "application_new", _("new application")
        APPLICATION_CHANGED = "application_changed", _("application status changed")
        CASE_ASSIGNED = "case_assigned", _("case assigned")
        CONCLUSION_ISSUED = "conclusion_issued", _("conclusion issued")
        CONCLUSION_TO_ISSUE = "conclusion_to_issue", _("conclusion to issue")
        PROTOCOL_TO_SIGN = "protocol_to_sign", _("protocol to sign")
        CONSENT_REQUESTED = "consent_requested", _("consent requested")
        ROUTE_FOR_AGREEMENT = "route_for_agreement", _("route to agree")
        ROUTE_RETURNED = "route_returned", _("route returned for revision")
        ROUTE_FOR_APPROVAL = "route_for_approval", _("route to approve")
        ROUTE_APPROVED = "route_approved", _("route approved")
        LETTER_TO_ACKNOWLEDGE = "letter", _("letter to acknowledge")
        FORMAT_REQUESTED = "format_requested", _("material requested in another format")
        FORMAT_DELIVERED = "format_delivered", _("material delivered in another format")
        BARRIER_REPORTED = "barrier", _("accessibility barrier reported")
        REPORT_NEW = "report_new", _("adaptation reported as not provided")
        REPORT_ESCALATED = "report_escalated", _("unresolved report escalated")
        REPORT_RESOLVED = "report_resolved", _("report resolved")
        LINK_TO_CONFIRM = "link_to_confirm", _("access to a record to confirm")
        LINK_CONFIRMED = "link_confirmed", _("someone can now see your record")
        LINK_GRANTED = "link_granted", _("access to a record confirmed")
        LINK_REFUSED = "link_refused", _("access to a record refused")
        LINKS_IMPORTED = "links_imported", _("imported teaching assignments to confirm")
        TEXTS_WANTED = "texts_wanted", _("a form is wanted in another language")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
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


MESSAGES = {
    Notification.Kind.APPLICATION_SUBMITTED: _(
        "Your application %(number)s is registered. The centre will tell you about each step."
    ),
    Notification.Kind.APPLICATION_NEW: _(
        "New application %(number)s: assign a specialist to the case."
    ),
    Notification.Kind.APPLICATION_CHANGED: _("Application %(number)s is now: %(status)s."),
    Notification.Kind.CASE_ASSIGNED: _("You are assigned to the case of %(student)s."),
    Notification.Kind.CONCLUSION_ISSUED: _(
        "The centre's conclusion %(number)s on %(student)s is issued."
    ),
    Notification.Kind.CONCLUSION_TO_ISSUE: _(
        "The conclusion on %(student)s is ready: issue it before the application's deadline."
    ),
    Notification.Kind.CONSENT_REQUESTED: _(
        "%(teacher)s asked the inclusive education centre to support you. To start, apply "
        "here and consent to the processing of your personal data."
    ),
    Notification.Kind.PROTOCOL_TO_SIGN: _(
        "The team meeting protocol on %(student)s waits for your signature as its chair."
    ),
    Notification.Kind.ROUTE_FOR_AGREEMENT: _(
        "The route of %(student)s waits for your agreement on your course."
    ),
    Notification.Kind.ROUTE_RETURNED: _(
        "The route of %(student)s was returned for revision: %(comment)s"
    ),
    Notification.Kind.ROUTE_FOR_APPROVAL: _("The route of %(student)s waits for approval."),
    Notification.Kind.ROUTE_APPROVED: _("The route of %(student)s is approved and in force."),
    Notification.Kind.FORMAT_REQUESTED: _(
        "%(student)s asks for “%(title)s” as %(format)s: convert it or reuse a copy."
    ),
    Notification.Kind.FORMAT_DELIVERED: _("“%(title)s” is ready for you as %(format)s."),
    Notification.Kind.BARRIER_REPORTED: _("An accessibility barrier was reported: %(location)s."),
    Notification.Kind.REPORT_NEW: _(
        "%(student)s reports that an adaptation was not provided in %(course)s."
    ),
    Notification.Kind.REPORT_ESCALATED: _(
        "Not resolved in %(days)s days: %(student)s, %(course)s. It is now yours."
    ),
    Notification.Kind.REPORT_RESOLVED: _("Your report about %(course)s is resolved."),
    Notification.Kind.LINK_TO_CONFIRM: _(
        "%(account)s is to get access as %(link)s: check the ground and confirm or refuse."
    ),
    Notification.Kind.LINK_CONFIRMED: _(
        "%(account)s can now see your record, as %(link)s. If this is wrong, tell the "
        "inclusive education centre at once."
    ),
    Notification.Kind.LINK_GRANTED: _("The head of the centre confirmed your access: %(what)s."),
    Notification.Kind.LINK_REFUSED: _(
        "The head of the centre refused access for %(account)s: %(reason)s"
    ),
    Notification.Kind.LINKS_IMPORTED: _(
        "%(count)s imported teaching assignments wait for your confirmation."
    ),
    Notification.Kind.TEXTS_WANTED: _(
        "%(person)s wants %(document)s in %(language)s: write the texts of its form."
    ),
    Notification.Kind.LETTER_TO_ACKNOWLEDGE: _(
        "Adaptations for %(student)s in your course: please read and acknowledge the letter."
    ),
}


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


def message_for(kind: str, params: dict) -> str:
    values = dict(params)
    for name, label in PARAM_LABELS.items():
        # A value written by an older version as text is shown as it is.
        with contextlib.suppress(ValueError):
            if name in values:
                values[name] = label(values[name])
    try:
        return str(MESSAGES[kind]) % values
    except (KeyError, TypeError, ValueError):
        # A notification from an older version of a message: never a broken page.
        return str(Notification.Kind(kind).label) if kind in Notification.Kind.values else kind
