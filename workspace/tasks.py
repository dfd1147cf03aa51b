"""The daily jobs as queued work (the Django tasks API): `manage.py enqueue_daily`,
started by the daily timer, queues them and a worker (`manage.py db_worker`) runs
them, each on its own, so one failing does not stop the others."""

from django.conf import settings
from django_tasks import task

from routes.services import close_ended_routes
from students.notifications import send_digests
from support.aids import remind_aids
from support.services import escalate_reports
from workspace.digest import overdue_for


@task()
def close_ended_routes_task(actor_username: str) -> int:
    return close_ended_routes(actor_username)


@task()
def escalate_reports_task() -> int:
    return escalate_reports()


@task()
def remind_aids_task() -> int:
    return remind_aids()


@task()
def send_digest_task() -> int:
    return send_digests(overdue_for)


@task()
def sync_directory_task() -> list[str]:
    from students.directory import deactivate_directory_leavers

    return deactivate_directory_leavers()


def enqueue_daily(actor_username: str) -> list:
    """Queue the daily jobs: routes are closed, reports escalated and the holders of
    technical aids reminded before the digest
    (the worker takes them in priority order), the directory synced when there is one."""
    results = [
        close_ended_routes_task.using(priority=20).enqueue(actor_username),
        escalate_reports_task.using(priority=10).enqueue(),
        remind_aids_task.using(priority=10).enqueue(),
        send_digest_task.enqueue(),
    ]
    if getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
        results.append(sync_directory_task.enqueue())
    return results
