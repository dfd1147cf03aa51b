"""Outgoing e-mail as queued work (the Django tasks API; settings.TASKS). A request
that changes something queues its e-mails when the transaction commits and returns;
a worker (`manage.py db_worker`) sends them. A mail server that fails or hangs (up to
EMAIL_TIMEOUT) is tried again after each of EMAIL_RETRY_SECONDS; after the last, the
daily digest still carries notifications (students.notifications)."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)


def retry_later(queued_task, attempt: int, *args) -> bool:
    """Queue `queued_task(*args, attempt=attempt + 1)` after the back-off of this
    attempt; False when the attempts are used up or the backend runs tasks at once
    (it cannot wait: the next digest or request tries again)."""
    delays = settings.EMAIL_RETRY_SECONDS
    backend = task_backends[queued_task.backend]
    if attempt > len(delays) or not backend.supports_defer:
        return False
    when = timezone.now() + datetime.timedelta(seconds=delays[attempt - 1])
    queued_task.using(run_after=when).enqueue(*args, attempt=attempt + 1)
    return True


@task()
def send_email(subject: str, body: str, recipients: list[str], attempt: int = 1) -> bool:
    """One e-mail, retried with back-off while the mail server fails."""
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        logger.warning("E-mail %r not sent (attempt %s)", subject, attempt, exc_info=True)
        if not retry_later(send_email, attempt, subject, body, recipients):
            logger.error("E-mail %r given up after %s attempts", subject, attempt)
        return False
    return True


def queue_email(subject, body: str, recipients: list[str]) -> None:
    """Queue an e-mail when the current transaction commits (at once outside one)."""
    subject, body = str(subject), body.strip()
    transaction.on_commit(lambda: send_email.enqueue(subject, body, recipients))
