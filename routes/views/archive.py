"""Archiving a case, the archive, and destroying a case whose retention has ended."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from eagi_inclusion.errors import DomainError
from students.disposal import case_dispose
from students.models import Student
from students.permissions import can_assign_cases
from students.selectors import student_list_visible_to
from students.services import CaseError, case_archive

from ..forms import ArchiveForm
from .common import form_page


@login_required
def case_archive_view(request, student_pk):
    """Centre head: the student graduated or left; the case becomes read-only."""
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    if not can_assign_cases(request.user):
        raise PermissionDenied
    form = ArchiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case_archive(student=student, actor=request.user, reason=form.cleaned_data["reason"])
        except CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The case is archived and is read-only from now on."))
        return redirect(student)
    return form_page(request, _("Archive the case"), form, student.get_absolute_url())


@login_required
def archive_list(request):
    """Centre head: archived cases, and those whose retention has ended."""
    if not can_assign_cases(request.user):
        raise PermissionDenied
    cases = Student.objects.filter(archived_at__isnull=False).select_related(
        "study_group", "archived_by"
    )
    ended = request.GET.get("ended") == "1"
    if ended:
        cases = cases.filter(disposed_at__isnull=True, retention_until__lt=timezone.localdate())
    return render(
        request,
        "routes/archive_list.html",
        {
            "cases": cases.order_by("retention_until", "pk")[:500],
            "ended": ended,
            "today": timezone.localdate(),
        },
    )


@login_required
def case_dispose_view(request, student_pk):
    if not can_assign_cases(request.user):
        raise PermissionDenied
    student = get_object_or_404(Student, pk=student_pk, archived_at__isnull=False)
    if request.method == "POST":
        try:
            act = case_dispose(student=student, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The personal data is destroyed; act %(number)s is registered.")
                % {"number": act.register_entry.number},
            )
        return redirect("routes:archive-list")
    return render(request, "routes/dispose_confirm.html", {"student": student})
