"""E-mails about applications, each in its recipient's language, sent after the
transaction commits (callers use transaction.on_commit)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .roles import Role

logger = logging.getLogger(__name__)


def _send(user, template: str, context: dict) -> None:
    if not user.email:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = render_to_string(f"students/email/{template}.txt", {**context, "user": user})
        subject, _, text = body.strip().partition("\n")
    try:
        send_mail(subject.strip(), text.strip(), None, [user.email])
    except OSError:
        # The change is saved; a mail server that is down must not undo it.
        logger.exception("Could not send %s to user %s", template, user.pk)


def notify_application_submitted(application_id: int) -> None:
    from django.contrib.auth import get_user_model

    from .models import Application

    application = Application.objects.select_related(
        "register_entry", "submitted_by", "student"
    ).get(pk=application_id)
    context = {"application": application, "base_url": settings.SITE_URL}
    _send(application.submitted_by, "application_submitted", context)
    heads = get_user_model().objects.filter(is_active=True, groups__name=Role.CENTRE_HEAD)
    for head in heads:
        _send(head, "application_new", context)


def notify_application_changed(application_id: int) -> None:
    from .models import Application

    application = Application.objects.select_related("register_entry", "submitted_by").get(
        pk=application_id
    )
    _send(
        application.submitted_by,
        "application_changed",
        {"application": application, "base_url": settings.SITE_URL},
    )
