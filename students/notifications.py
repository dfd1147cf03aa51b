"""Notifications: in the app for everyone, by e-mail at once or in a daily digest
as each person chooses (User.notification_delivery).

`notify` runs inside the transaction of the change it reports: the rows roll back
with it, and the e-mails are queued only after the commit (`email_notifications`, a
task a worker runs: the request does not wait for the mail server). A failed e-mail is
tried again with back-off (eagi_inclusion.mail); one never sent goes in the digest.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from eagi_inclusion.mail import retry_later
from eagi_inclusion.roles import Role

from .models import Notification, User
from .models.notifications import in_each_language, register_kind
from .selectors import active_assignments

logger = logging.getLogger(__name__)


class Kind:
    """The notifications of the students app's own services."""

    APPLICATION_SUBMITTED = register_kind(
        "application_submitted",
        _("application registered"),
        _("Your application %(number)s is registered. The centre will tell you about each step."),
    )

    APPLICATION_NEW = register_kind(
        "application_new",
        _("new application"),
        _("New application %(number)s: assign a specialist to the case."),
    )

    APPLICATION_CHANGED = register_kind(
        "application_changed",
        _("application status changed"),
        _("Application %(number)s is now: %(status)s."),
    )

    CASE_ASSIGNED = register_kind(
        "case_assigned",
        _("case assigned"),
        _("You are assigned to the case of %(student)s."),
    )

    CONSENT_REQUESTED = register_kind(
        "consent_requested",
        _("consent requested"),
        _(
            "%(teacher)s asked the inclusive education centre to support you. To start, apply "
            "here and consent to the processing of your personal data."
        ),
    )

    CONSENT_WITHDRAWN = register_kind(
        "consent_withdrawn",
        _("consent withdrawn"),
        _(
            "Consent for %(student)s was withdrawn: the centre's work on the case stops until "
            "consent is given again. The case keeps what the law allows."
        ),
    )

    LINK_TO_CONFIRM = register_kind(
        "link_to_confirm",
        _("access to a record to confirm"),
        _("%(account)s is to get access as %(link)s: check the ground and confirm or refuse."),
    )

    LINK_CONFIRMED = register_kind(
        "link_confirmed",
        _("someone can now see your record"),
        _(
            "%(account)s can now see your record, as %(link)s. If this is wrong, tell the "
            "inclusive education centre at once."
        ),
    )

    LINK_GRANTED = register_kind(
        "link_granted",
        _("access to a record confirmed"),
        _("The head of the centre confirmed your access: %(what)s."),
    )

    LINK_REFUSED = register_kind(
        "link_refused",
        _("access to a record refused"),
        _("The head of the centre refused access for %(account)s: %(reason)s"),
    )

    LINKS_IMPORTED = register_kind(
        "links_imported",
        _("imported teaching assignments to confirm"),
        _("%(count)s imported teaching assignments wait for your confirmation."),
    )

    TEXTS_WANTED = register_kind(
        "texts_wanted",
        _("a form is wanted in another language"),
        _("%(person)s wants %(document)s in %(language)s: write the texts of its form."),
    )


def notify(recipients: Iterable[User], kind: str, *, url: str, actor=None, **params) -> int:
    """Record a notification for each active recipient except the actor, and e-mail
    those who want it at once after the transaction commits."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return 0
    rows = Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, params=params, url=url) for pk in sorted(people)]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: email_notifications.enqueue(ids))
    return len(ids)


def _mail(user, subject: str, template: str, context: dict) -> bool:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "user": user, "base_url": settings.SITE_URL})
        subject = str(subject)
    try:
        send_mail(subject, body.strip(), None, [user.email])
    except OSError:
        logger.exception("Could not e-mail user %s", user.pk)
        return False
    return True


@task()
def email_notifications(ids: list[int], attempt: int = 1) -> int:
    """E-mail the given notifications at once; those the mail server refused are tried
    again later (their rows keep emailed_at empty, so a retry never sends one twice)."""
    sent, failed = send_immediate(ids)
    if failed and not retry_later(email_notifications, attempt, failed):
        logger.error("Notifications %s left for the digest after %s attempts", failed, attempt)
    return sent


def send_immediate(ids: list[int]) -> tuple[int, list[int]]:
    """E-mail the given notifications to recipients who chose immediate e-mails.
    Returns how many were sent and the ids the mail server refused."""
    sent, failed = 0, []
    pending = Notification.objects.filter(
        pk__in=ids,
        emailed_at__isnull=True,
        recipient__notification_delivery=User.Delivery.IMMEDIATE,
    ).select_related("recipient")
    for notification in pending:
        user = notification.recipient
        if not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            message = notification.message
        if _mail(
            user,
            message[:150],
            "students/email/notification.txt",
            {"message": message, "url": notification.url},
        ):
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
        else:
            failed.append(notification.pk)
    return sent, failed


# The daily digest ------------------------------------------------------------------


def send_digests(overdue_for: Callable[[User], list[tuple[str, int, str]]]) -> int:
    """One e-mail a person: the notifications not yet e-mailed (all of them for those
    who chose the digest; for the others, those whose immediate e-mail failed, e.g.
    while the mail server was down), and the overdue items they answer for, as
    `overdue_for(user)` lists them ((what, how many, where to look); the top app knows
    every app's deadlines). At most one a person a day, however often it runs.
    Returns the e-mails sent."""
    today = timezone.localdate()
    responsible = {Role.CENTRE_HEAD, Role.SPECIALIST, Role.TEACHER, Role.MANAGEMENT, Role.UNIT}
    unsent = Notification.objects.filter(recipient=OuterRef("pk"), emailed_at__isnull=True)
    people = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(notification_delivery=User.Delivery.DIGEST)
            | Q(groups__name__in=responsible)
            | Q(Exists(unsent))
        )
        .exclude(digest_sent_on=today)
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in people:
        notifications = list(
            user.notifications.filter(emailed_at__isnull=True).order_by("created_at")
        )
        with translation.override(user.language or settings.LANGUAGE_CODE):
            overdue = [(str(what), count, url) for what, count, url in overdue_for(user)]
            lines = [(n.message, n.url) for n in notifications]
            subject = gettext_lazy("EAGI Inclusion: your daily digest")
        if not lines and not overdue:
            continue
        context = {"notifications": lines, "overdue": overdue}
        if _mail(user, subject, "students/email/digest.txt", context):
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                emailed_at=timezone.now()
            )
            User.objects.filter(pk=user.pk).update(digest_sent_on=today)
            sent += 1
    return sent


# Who hears about what -----------------------------------------------------------------


def centre_heads():
    return User.objects.filter(is_active=True, groups__name=Role.CENTRE_HEAD)


def student_and_representatives(student) -> list:
    """The student and each legal representative with an account: who hears of what
    the centre does for the student."""
    representatives = student.representatives.filter(user__isnull=False).select_related("user")
    return [student.user, *(r.user for r in representatives)]


def _applicants(application) -> list:
    """The student and, for an online application, whoever submitted it (for a paper
    one the registry clerk typed it in: not their application)."""
    people = [application.student.user]
    if application.channel == application.Channel.ONLINE:
        people.append(application.submitted_by)
    return people


def application_submitted(application) -> None:
    number = application.register_entry.number
    url = application.get_absolute_url()
    notify(_applicants(application), Kind.APPLICATION_SUBMITTED, url=url, number=number)
    notify(centre_heads(), Kind.APPLICATION_NEW, url=url, number=number)


def consent_requested(student, actor) -> None:
    """A teacher asked the centre for support for a student who has not consented:
    the student and their representatives are asked to apply and consent."""
    people = [student.user, *(r.user for r in student.representatives.select_related("user"))]
    notify(
        people,
        Kind.CONSENT_REQUESTED,
        url=reverse("students:application-create"),
        actor=actor,
        teacher=in_each_language(actor.get_full_name),
    )


def application_changed(application, actor) -> None:
    notify(
        _applicants(application),
        Kind.APPLICATION_CHANGED,
        url=application.get_absolute_url(),
        actor=actor,
        number=application.register_entry.number,
        status=application.status,
    )


def consent_withdrawn(student, actor) -> None:
    """The head and the specialists on the case learn that their work stops."""
    notify(
        [*centre_heads(), *specialists_on(student)],
        Kind.CONSENT_WITHDRAWN,
        url=student.get_absolute_url(),
        actor=actor,
        student=in_each_language(lambda: student.full_name),
    )


def specialists_on(student) -> list:
    """The specialists assigned to the case now."""
    return [assignment.specialist for assignment in active_assignments(student)]


def case_assigned(assignment, actor) -> None:
    notify(
        [assignment.specialist],
        Kind.CASE_ASSIGNED,
        url=assignment.student.get_absolute_url(),
        actor=actor,
        student=in_each_language(lambda: assignment.student.full_name),
    )


def texts_wanted(*, student, document: str, url: str, language: str, actor) -> int:
    """A student or representative asks for a form in the language its texts are not
    written in yet (#28, finding 16): the specialists on the case and the head hear of
    it, once while their notification is unread."""
    people = [*specialists_on(student), *centre_heads()]
    already = set(
        Notification.objects.filter(
            kind=Kind.TEXTS_WANTED, url=url, read_at__isnull=True, params__language=language
        ).values_list("recipient_id", flat=True)
    )
    return notify(
        [person for person in people if person.pk not in already],
        Kind.TEXTS_WANTED,
        url=url,
        actor=actor,
        person=in_each_language(actor.get_full_name),
        document=document,
        language=language,
    )
