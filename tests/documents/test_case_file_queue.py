"""#21: a cold case file is put together in the background: the request queues it (the
database task backend), the page shows its progress, a worker renders it, then the
page offers the download — to the person who asked, for CASE_FILE_KEEP_MINUTES."""

import datetime
import io
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from documents.models import AccessEvent
from routes.models import CaseFileJob
from routes.tasks import drop_expired_case_files

from .conftest import approved  # noqa: F401 - a fixture

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def test_the_case_file_is_queued_followed_and_downloaded(
    reference_data,
    settings,
    client,
    specialist,
    other_specialist,
    case,
    approved,  # noqa: F811 - the fixture
    django_assert_num_queries,
):
    settings.TASKS = DATABASE_QUEUE
    specialist.language = "en"
    specialist.save(update_fields=["language"])
    client.force_login(specialist)
    url = reverse("routes:case-file-pdf", args=[case.pk])

    asked = client.post(url, {"language": "kk", "variant": "large"})
    again = client.post(url, {"language": "kk", "variant": "large"})  # a double click

    assert asked.status_code == again.status_code == 302 and asked.url == again.url
    job = CaseFileJob.objects.get()
    assert (job.status, job.language, job.variant) == ("queued", "kk", "large")
    assert DBTaskResult.objects.filter(task_path="routes.tasks.render_case_file").count() == 1
    # Exactly, on both databases: the session and the signed-in user come from the
    # cache (eagi_inclusion/sessions.py, signed_in.py); the page's own queries remain
    # (the specialist's cases in one query: students.selectors.staff_case_ids).
    with django_assert_num_queries(5):
        waiting = client.get(asked.url).content.decode()
    assert "Waiting to start" in waiting and "<progress" in waiting and "/download/" not in waiting
    part = client.get(asked.url, {"part": "status"}).content.decode()
    assert "<progress" in part and "<html" not in part  # what the script swaps in

    _worker()

    job.refresh_from_db()
    assert job.status == "ready" and job.done == job.total > 1
    ready = client.get(asked.url).content.decode()
    assert "The case file is ready." in ready and "<progress" not in ready
    link = re.search(r'href="([^"]+/download/)"', ready).group(1)
    download = client.get(link)
    assert download.status_code == 200
    assert "-kk-large.pdf" in download["Content-Disposition"]
    reader = PdfReader(io.BytesIO(download.getvalue()))
    assert approved.register_entry.number in reader.pages[0].extract_text()
    assert AccessEvent.objects.filter(
        actor=specialist, action=AccessEvent.Action.FILE_DOWNLOAD, student=case
    ).exists()

    # Only the person who asked: another specialist of the centre gets nothing.
    client.force_login(other_specialist)
    assert client.get(asked.url).status_code == 404
    assert client.get(link).status_code == 404


def test_an_expired_case_file_is_gone_and_can_be_prepared_again(
    reference_data,
    settings,
    client,
    specialist,
    case,
    approved,  # noqa: F811 - the fixture
):
    settings.TASKS = DATABASE_QUEUE
    specialist.language = "en"
    specialist.save(update_fields=["language"])
    client.force_login(specialist)
    asked = client.post(reverse("routes:case-file-pdf", args=[case.pk]), {"language": "kk"})
    _worker()
    job = CaseFileJob.objects.get()
    stored = job.file.name
    assert job.file.storage.exists(stored)
    long_ago = timezone.now() - datetime.timedelta(minutes=settings.CASE_FILE_KEEP_MINUTES + 1)
    CaseFileJob.objects.filter(pk=job.pk).update(created_at=long_ago)

    page = client.get(asked.url).content.decode()
    assert "deleted after its time" in page and "Prepare it again" in page
    assert client.get(asked.url + "download/").status_code == 404
    assert drop_expired_case_files() == 1
    assert not job.file.storage.exists(stored) and not CaseFileJob.objects.exists()


def test_a_case_file_that_fails_says_so_and_offers_to_try_again(
    reference_data, settings, client, specialist, case, monkeypatch
):
    settings.TASKS = DATABASE_QUEUE
    specialist.language = "en"
    specialist.save(update_fields=["language"])

    def broken(*args, **kwargs):
        raise RuntimeError("injected: the renderer crashed")

    monkeypatch.setattr("routes.tasks.merged_case_file", broken)
    client.force_login(specialist)
    asked = client.post(reverse("routes:case-file-pdf", args=[case.pk]), {"language": "kk"})
    _worker()
    assert CaseFileJob.objects.get().status == "failed"
    assert DBTaskResult.objects.get().status == "FAILED"
    page = client.get(asked.url).content.decode()
    assert "could not be put together" in page and "Prepare it again" in page


def test_a_job_whose_worker_stopped_does_not_hold_the_next_request(
    settings, client, specialist, case
):
    """A job left waiting (its worker stopped) says it failed after ten minutes, and
    the next request starts a new job instead of waiting on it for ever."""
    settings.TASKS = DATABASE_QUEUE
    specialist.language = "en"
    specialist.save(update_fields=["language"])
    client.force_login(specialist)
    url = reverse("routes:case-file-pdf", args=[case.pk])
    first = client.post(url, {"language": "kk"})
    CaseFileJob.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    assert "could not be put together" in client.get(first.url).content.decode()

    second = client.post(url, {"language": "kk"})

    assert second.url != first.url and CaseFileJob.objects.count() == 2
