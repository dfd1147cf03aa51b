"""#21: work that does not belong in a request is queued (the Django tasks API, the
database backend) and run by a real worker process (`manage.py db_worker`). A mail
server that hangs no longer holds a request; the worker tries again until the message
arrives at a real SMTP server (aiosmtpd)."""

import io
import os
import socket
import subprocess
import threading
import time
from datetime import timedelta

from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from students.models import Notification
from students.notifications import Kind, notify
from tests.documents.conftest import approved  # noqa: F401 - a fixture
from tests.helpers import this_tests_database_url
from tests.instance import Inbox, manage

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class HangingMailServer:
    """Accepts connections and never says a word, as a mail server whose disk is full
    or whose process is stuck does. Counts the connections it held."""

    def __init__(self, port: int = 0):
        self.socket = socket.create_server(("127.0.0.1", port))
        self.port = self.socket.getsockname()[1]
        self.held: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        self.socket.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.held.append(connection)

    def close(self):
        self.stopped.set()
        self.thread.join()
        self.socket.close()
        for connection in self.held:
            connection.close()


def _worker(port: int) -> subprocess.CompletedProcess:
    """One pass of a real worker process over everything that is due, on this test's
    database, sending through 127.0.0.1:port and giving up on a silent server after 1 s."""
    env = {
        **os.environ,
        "DATABASE_URL": this_tests_database_url(),
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "1",
        "EMAIL_RETRY_SECONDS": "1,1,1,1,1",
        "EMAIL_USE_TLS": "false",
    }
    return manage(env, "db_worker", "--batch", "--no-startup-delay")


def test_a_hanging_mail_server_holds_no_request_and_the_message_arrives_later(
    reference_data, settings, client, centre_head, other_specialist, case
):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    hanging = HangingMailServer()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", hanging.port
    other_specialist.email = "spec2@eagi.kz"
    other_specialist.save(update_fields=["email"])
    client.force_login(centre_head)

    response = client.post(
        reverse("students:case-assign", args=[case.pk]), {"specialist": other_specialist.pk}
    )

    # The request committed and answered without ever talking to the mail server.
    assert response.status_code == 302
    assert hanging.held == []
    told = Notification.objects.get(recipient=other_specialist)
    assert told.emailed_at is None
    assert DBTaskResult.objects.filter(task_path__endswith="email_notifications").count() == 1

    # The worker meets the silent server, gives up after its timeout and queues a retry.
    _worker(hanging.port)
    assert len(hanging.held) == 1
    told.refresh_from_db()
    assert told.emailed_at is None
    retries = DBTaskResult.objects.filter(status="READY", task_path__endswith="notifications")
    assert retries.count() == 1 and retries.get().args_kwargs["kwargs"] == {"attempt": 2}

    # The mail server comes back on the same port; the retry delivers the message, once.
    port = hanging.port
    hanging.close()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        time.sleep(1.2)  # the retry's back-off (EMAIL_RETRY_SECONDS=1)
        _worker(port)
        _worker(port)
    finally:
        controller.stop()
    assert [to for to, _message in inbox.messages] == [["spec2@eagi.kz"]]
    [(_, message)] = inbox.messages
    assert case.get_absolute_url() in message.get_payload(decode=True).decode()
    told.refresh_from_db()
    assert told.emailed_at is not None
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_daily_timer_queues_the_daily_jobs_and_a_worker_runs_them(
    reference_data,
    settings,
    approved,  # noqa: F811 - the fixture
    centre_head,
):
    """enqueue_daily (the timer) queues; db_worker (the service) runs: routes whose
    period ended are closed and the digest goes out."""
    from routes.models import Route, RouteStatus

    settings.TASKS = DATABASE_QUEUE
    route = approved
    period = route.period
    today = timezone.localdate()
    period.starts_on, period.ends_on = today - timedelta(days=120), today - timedelta(days=1)
    period.save(update_fields=["starts_on", "ends_on"])
    centre_head.language, centre_head.notification_delivery = "en", "digest"
    centre_head.save(update_fields=["language", "notification_delivery"])
    mail.outbox.clear()  # the e-mails of the route's approval, sent at once
    # Something for the head's digest: a new application's notification.
    notify([centre_head], Kind.APPLICATION_NEW, url="/students/1/", number="Ө-7")
    out = io.StringIO()
    call_command("enqueue_daily", "--actor", centre_head.username, stdout=out)
    assert "close_ended_routes_task: READY" in out.getvalue()
    assert Route.objects.get(pk=route.pk).status == RouteStatus.ACTIVE  # queued, not run
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert Route.objects.get(pk=route.pk).status == RouteStatus.CLOSED
    results = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert set(results.values()) == {"SUCCESSFUL"}, results
    [digest] = [m for m in mail.outbox if m.to == [centre_head.email]]
    assert digest.subject == "EAGI Inclusion: your daily digest"
    assert "Ө-7" in digest.body
