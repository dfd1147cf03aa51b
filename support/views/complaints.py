"""The pages of the reports of mistreatment (support/complaints.py). Who may see what:
the student and each representative make reports and read their own; the person a
report is addressed to (the head, or the person the institution names) reads and
handles it, each opening logged; the rector's office and the heads see yearly counts
with small cells suppressed; everyone else gets 403 on the list and 404 on a report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.pagination import BoundedPaginator
from routes.permissions import can_view_statistics

from .. import complaints, selectors
from ..complaint_forms import ComplaintCloseForm, ComplaintForm, ComplaintStepForm
from ..models import Complaint
from ..permissions import follows_own_support
from ..services import SupportError

SHOW = {
    "open": lambda rows: rows.exclude(status=Complaint.Status.CLOSED),
    "overdue": complaints.overdue,
    "all": lambda rows: rows,
}


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = 0
    this_year = timezone.localdate().year
    return year if 2000 <= year <= this_year else this_year


@login_required
def complaint_list(request):
    user = request.user
    own = list(selectors.own_students(user)) if follows_own_support(user) else []
    inboxes = complaints.addressed_to_me(user)
    statistics = can_view_statistics(user)
    if not own and not inboxes and not statistics:
        raise PermissionDenied
    form = None
    if own:
        officer = complaints.officer()
        students = None
        if len(own) > 1:
            students = selectors.own_students(user).order_by("last_name", "first_name")
        form = ComplaintForm(request.POST or None, students=students, officer=officer)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            student = data.pop("student", None) or own[0]
            try:
                made = complaints.complaint_create(actor=user, student=student, data=data)
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Your report is sent. Only %(reader)s reads it; you will see here when "
                        "it is taken up and the answer."
                    )
                    % {"reader": made.get_addressed_to_display()},
                )
                return redirect("support:complaint", made.pk)
    elif request.method == "POST":
        raise PermissionDenied
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "open"
    rows = complaints.complaints_visible_to(user)
    if inboxes:
        rows = SHOW[show](rows)
    page = BoundedPaginator(rows, 25).get_page(request.GET.get("page"))
    year = _year(request)
    return render(
        request,
        "support/complaints.html",
        {
            "form": form,
            "handler": bool(inboxes),
            "show": show,
            "page_obj": page,
            "reports": page.object_list,
            "today": timezone.localdate(),
            "year": year,
            "tables": complaints.year_statistics(year) if statistics else None,
        },
    )


@login_required
def complaint_detail(request, pk):
    user = request.user
    item = get_object_or_404(complaints.complaints_visible_to(user), pk=pk)
    handler = complaints.handles(user, item)
    if request.method == "POST" and "withdraw" in request.POST:
        if item.reported_by_id != user.pk:
            raise PermissionDenied
        try:
            complaints.complaint_withdraw(actor=user, complaint=item)
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your report is withdrawn."))
        return redirect("support:complaint", item.pk)
    closing = "close" in request.POST  # the answer's button; otherwise a step
    step_form = ComplaintStepForm(request.POST if request.POST and not closing else None)
    close_form = ComplaintCloseForm(request.POST if closing else None)
    if request.method == "POST":
        if not handler:
            raise PermissionDenied
        form = close_form if closing else step_form
        if form.is_valid():
            try:
                if form is step_form:
                    complaints.complaint_step(actor=user, complaint=item, **form.cleaned_data)
                else:
                    complaints.complaint_close(actor=user, complaint=item, **form.cleaned_data)
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("support:complaint", item.pk)
    if handler:
        # Not on the student's own access history, which the head reads: a report
        # addressed to someone else stays unknown to the head.
        access_log(request=request, action=AccessEvent.Action.COMPLAINT_VIEW, obj=item)
    return render(
        request,
        "support/complaint.html",
        {
            "report": item,
            "handler": handler,
            "reporter": item.reported_by_id == user.pk,
            "steps": list(complaints.steps_seen_by(user, item)),
            "step_form": step_form,
            "close_form": close_form,
            "today": timezone.localdate(),
        },
    )
