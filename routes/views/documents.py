"""The personal case file: its page, and the whole file as one PDF made by the worker.
(Each registered document's own PDF is documents.views.document_pdf, over
documents/kinds.py.)"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from documents.access_log import access_log
from documents.downloads import content_disposition, download_name
from documents.models import AccessEvent
from students.panels import CASE_FILE, panels_for
from students.permissions import can_read_case_as_staff, is_own_case
from students.selectors import student_list_visible_to

from ..casefile import case_file_kinds, case_items
from ..models import CaseFileJob
from ..services import case_file_queue


def _pdf_options(request, student):
    asked = request.POST if request.method == "POST" else request.GET
    language = asked.get("language") or student.document_language
    if language not in ("kk", "ru"):
        language = student.document_language
    variant = asked.get("variant", "standard")
    if variant not in ("standard", "large"):
        variant = "standard"
    return language, variant


def _case_file_access(request, student_pk):
    """Centre staff on the case see the whole file; the student (or representative)
    their own applications and approved routes."""
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    user = request.user
    if can_read_case_as_staff(user, student):
        return student, False
    if is_own_case(user, student):
        return student, True
    raise PermissionDenied


@login_required
def case_file(request, student_pk):
    student, only_own = _case_file_access(request, student_pk)
    items = case_items(student, only_own=only_own)
    kind = request.GET.get("kind")
    kinds = case_file_kinds()
    if kind in kinds:
        items = [item for item in items if item.kind == kind]
    access_log(request=request, action=AccessEvent.Action.CASE_VIEW, student=student)
    return render(
        request,
        "routes/case_file.html",
        {
            "student": student,
            "items": items,
            "kinds": kinds,
            "kind": kind,
            # What other apps keep in the case file beside documents (technical aids).
            "panels": panels_for(CASE_FILE, student),
        },
    )


@login_required
@require_POST
def case_file_pdf(request, student_pk):
    """Queue the whole case file (routes/tasks.py) and show its progress: the worker
    renders it, not this request. A second click while it waits reuses the job."""
    student, only_own = _case_file_access(request, student_pk)
    language, variant = _pdf_options(request, student)
    job = case_file_queue(
        student=student, actor=request.user, language=language, variant=variant, only_own=only_own
    )
    return redirect("routes:case-file-job", student_pk=student.pk, pk=job.pk)


def _own_job(request, student_pk, pk) -> CaseFileJob:
    """The requester's own job, while they may still read the case file."""
    student, _only_own = _case_file_access(request, student_pk)
    job = get_object_or_404(
        CaseFileJob.objects.select_related("student"),
        pk=pk,
        student=student,
        requested_by=request.user,
    )
    return job


@login_required
def case_file_job(request, student_pk, pk):
    """The progress of a queued case file, then its download link. Reads no personal
    data beyond the name on the case; refreshed by static/js/job-progress.js."""
    job = _own_job(request, student_pk, pk)
    template = "routes/case_file_job.html"
    if request.GET.get("part") == "status":
        template = "routes/_case_file_job_status.html"
    context = {"job": job, "student": job.student, "keep_minutes": settings.CASE_FILE_KEEP_MINUTES}
    return render(request, template, context)


@login_required
def case_file_download(request, student_pk, pk):
    job = _own_job(request, student_pk, pk)
    if job.status != CaseFileJob.Status.READY or job.expired or not job.file:
        raise Http404
    access_log(request=request, action=AccessEvent.Action.FILE_DOWNLOAD, student=job.student)
    response = FileResponse(job.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        download_name(f"case-file-{job.student_id}", job.language, job.variant)
    )
    return response
