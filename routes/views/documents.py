"""The official forms as PDF (route, letter, conclusion, protocol) and the case file."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from documents.access_log import access_log
from documents.downloads import content_disposition, download_name, pdf_download
from documents.models import AccessEvent
from students.permissions import can_read_case_as_staff
from students.selectors import student_list_visible_to

from ..casefile import KINDS, case_items
from ..forms_pdf import issue_conclusion_pdf, issue_letter_pdf, issue_protocol_pdf, issue_route_pdf
from ..models import CaseFileJob, MeetingProtocol, TeacherLetter
from ..services import case_file_queue
from .common import case_for_staff
from .conclusions import conclusion_for_staff
from .routes import route_level, visible_route


def _pdf_options(request, student):
    asked = request.POST if request.method == "POST" else request.GET
    language = asked.get("language") or student.document_language
    if language not in ("kk", "ru"):
        language = student.document_language
    variant = asked.get("variant", "standard")
    if variant not in ("standard", "large"):
        variant = "standard"
    return language, variant


def _send_pdf(request, issued, student, filename):
    access_log(
        request=request, action=AccessEvent.Action.FILE_DOWNLOAD, student=student, obj=issued
    )
    return pdf_download(issued, filename)


@login_required
def route_pdf(request, pk):
    """The approved route on the official form (whole route: not for teachers, who
    receive their letter)."""
    route = visible_route(request, pk)
    if route_level(request.user, route) == "teacher":
        raise PermissionDenied
    if route.register_entry is None:
        raise Http404
    language, variant = _pdf_options(request, route.student)
    issued = issue_route_pdf(route=route, actor=request.user, language=language, variant=variant)
    return _send_pdf(
        request,
        issued,
        route.student,
        download_name(route.register_entry.number, language, variant),
    )


@login_required
def letter_pdf(request, pk):
    letter = get_object_or_404(
        TeacherLetter.objects.select_related(
            "register_entry",
            "teacher",
            "section__course",
            "section__route__register_entry",
            "section__route__student__study_group",
            "section__route__period__academic_year",
        ),
        pk=pk,
    )
    route = letter.section.route
    is_staff = can_read_case_as_staff(request.user, route.student)
    if (letter.teacher_id != request.user.pk and not is_staff) or letter.register_entry is None:
        raise Http404
    language, variant = _pdf_options(request, route.student)
    issued = issue_letter_pdf(letter=letter, actor=request.user, language=language, variant=variant)
    return _send_pdf(
        request,
        issued,
        route.student,
        download_name(letter.register_entry.number, language, variant),
    )


@login_required
def conclusion_pdf(request, pk):
    conclusion = conclusion_for_staff(request, pk)
    if conclusion.register_entry is None:
        raise Http404
    language, variant = _pdf_options(request, conclusion.student)
    issued = issue_conclusion_pdf(
        conclusion=conclusion, actor=request.user, language=language, variant=variant
    )
    return _send_pdf(
        request,
        issued,
        conclusion.student,
        download_name(conclusion.register_entry.number, language, variant),
    )


@login_required
def protocol_pdf(request, pk):
    protocol = get_object_or_404(
        MeetingProtocol.objects.select_related("student", "chair", "secretary", "register_entry"),
        pk=pk,
    )
    case_for_staff(request, protocol.student_id)
    if protocol.register_entry is None:
        raise Http404
    language, variant = _pdf_options(request, protocol.student)
    issued = issue_protocol_pdf(
        protocol=protocol, actor=request.user, language=language, variant=variant
    )
    return _send_pdf(
        request,
        issued,
        protocol.student,
        download_name(protocol.register_entry.number, language, variant),
    )


def _case_file_access(request, student_pk):
    """Centre staff on the case see the whole file; the student (or representative)
    their own applications and approved routes."""
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    user = request.user
    if can_read_case_as_staff(user, student):
        return student, False
    if student.user_id == user.pk or student.representatives.filter(user=user).exists():
        return student, True
    raise PermissionDenied


@login_required
def case_file(request, student_pk):
    student, only_own = _case_file_access(request, student_pk)
    items = case_items(student, only_own=only_own)
    kind = request.GET.get("kind")
    if kind in KINDS:
        items = [item for item in items if item.kind == kind]
    access_log(request=request, action=AccessEvent.Action.CASE_VIEW, student=student)
    return render(
        request,
        "routes/case_file.html",
        {"student": student, "items": items, "kinds": KINDS, "kind": kind},
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
