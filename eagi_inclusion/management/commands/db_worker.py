"""`manage.py db_worker`: django-tasks-db's worker, which waits out a database that
stops answering instead of exiting.

The stock worker lets an OperationalError escape its loop, so one PostgreSQL restart
(an upgrade, a failover) ended it for good and queued e-mails waited for a person to
notice. This one closes its connections, says so in the journal, waits (1, 2, 4 … up to
30 seconds; a stop signal still ends it at once) and asks again, like the web app's
503 page. With --batch it still exits at the first error: a batch is a single pass.
The systemd unit restarts it as well, should it ever exit (docs/deployment.md, §5).

This app is listed before django_tasks_db in INSTALLED_APPS, so this command is the
`db_worker` that manage.py runs.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

LONGEST_WAIT = 30.0


class Worker(db_worker.Worker):
    def run(self) -> None:
        wait = 1.0
        while self.running:
            try:
                super().run()
                return  # --batch or --max-tasks ended it on purpose
            except (OperationalError, InterfaceError) as error:
                if self.batch:
                    raise
                logger.warning(
                    "The database does not answer (%s); asking again in %.0f s.",
                    str(error).strip().splitlines()[0] if str(error).strip() else error,
                    wait,
                )
                self._close_connections()
                self._sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)

    @staticmethod
    def _close_connections() -> None:
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - a dead connection may fail to close
                connection.connection = None

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.2, deadline - time.monotonic()))


class Command(db_worker.Command):
    help = "Run queued work (django-tasks-db), waiting out a database that stops answering."

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = Worker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
