"""Work the worker runs for this app: the case file put together in the background
(routes.models.CaseFileJob)."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from documents.rendering import (
    case_file_copy_seal,
    case_file_copy_start,
    verification_for_code,
)

from .casefile import case_items, merged_case_file
from .models import CaseFileJob

logger = logging.getLogger(__name__)


@task()
def render_case_file(job_id: int) -> str:
    """Render a queued case file, recording its progress; the file is kept for its
    requester (CASE_FILE_KEEP_MINUTES). Runs once per job, whatever the retries."""
    claimed = CaseFileJob.objects.filter(pk=job_id, status=CaseFileJob.Status.QUEUED).update(
        status=CaseFileJob.Status.RUNNING
    )
    if not claimed:
        return "already taken"
    drop_expired_case_files()
    job = CaseFileJob.objects.select_related("student", "requested_by").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        CaseFileJob.objects.filter(pk=job.pk).update(done=done, total=total)

    copy = case_file_copy_start(
        student=job.student, actor=job.requested_by, language=job.language, variant=job.variant
    )
    try:
        items = case_items(job.student, only_own=job.only_own)
        pdf = merged_case_file(
            job.student,
            items,
            language=job.language,
            variant=job.variant,
            progress=progress,
            verification=verification_for_code(copy.verification_code),
        )
        pdf = case_file_copy_seal(copy, pdf, [item.number for item in items if item.form])
        job.file.save(f"case-file-{job.pk}.pdf", ContentFile(pdf), save=False)
    except Exception:
        logger.exception("Case file job %s failed", job.pk)
        copy.delete()
        CaseFileJob.objects.filter(pk=job.pk).update(
            status=CaseFileJob.Status.FAILED, finished_at=timezone.now()
        )
        raise
    CaseFileJob.objects.filter(pk=job.pk).update(
        status=CaseFileJob.Status.READY,
        file=job.file.name,
        done=F("total"),
        finished_at=timezone.now(),
    )
    return job.file.name


def drop_expired_case_files() -> int:
    """Delete the case files kept past CASE_FILE_KEEP_MINUTES, and their jobs."""
    keep = datetime.timedelta(minutes=settings.CASE_FILE_KEEP_MINUTES)
    expired = list(CaseFileJob.objects.filter(created_at__lt=timezone.now() - keep))
    for job in expired:
        if job.file:
            job.file.storage.delete(job.file.name)
    CaseFileJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
