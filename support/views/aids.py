"""The technical aids' pages (support/aids.py): who may see what is in the package's
docstring (support/views/__init__.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.pagination import BoundedPaginator
from routes.views.common import form_page
from students.permissions import can_read_case_as_staff
from students.selectors import student_list_visible_to

from .. import aids
from ..forms import AidLendForm, AidReturnForm
from ..permissions import can_lend_aids, can_list_aids, can_take_aids_back
from ..services import SupportError


@login_required
def aids_list(request):
    """What is out (by due date), overdue, returned: the head every case's, a
    specialist their cases'."""
    if not can_list_aids(request.user):
        raise PermissionDenied
    shown = request.GET.get("show")
    shown = shown if shown in aids.SHOWN else "out"
    page = BoundedPaginator(aids.aids_visible_to(request.user, shown), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "support/aids.html",
        {
            "page_obj": page,
            "loans": page.object_list,
            "shown": shown,
            "choices": [
                ("out", _("Out")),
                ("overdue", _("Overdue")),
                ("returned", _("Returned")),
                ("all", _("All")),
            ],
            "today": timezone.localdate(),
        },
    )


@login_required
def aids_case(request, student_pk):
    """One student's aids, and the form to lend one: centre staff on the case."""
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    if not can_read_case_as_staff(request.user, student):
        raise PermissionDenied
    form = None
    if can_lend_aids(request.user, student):
        form = AidLendForm(request.POST or None, initial={"issued_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                aids.aid_lend(actor=request.user, student=student, data=form.cleaned_data)
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The loan is recorded and the student is told."))
                return redirect("support:aids-case", student_pk=student.pk)
    elif request.method == "POST":
        raise PermissionDenied
    access_log(request=request, action=AccessEvent.Action.CASE_VIEW, student=student, obj=student)
    return render(
        request,
        "support/aids_case.html",
        {
            "student": student,
            "loans": list(aids.aids_of(student)),
            "form": form,
            "may_take_back": can_take_aids_back(request.user, student),
            "today": timezone.localdate(),
        },
    )


@login_required
def aid_return(request, pk):
    loan = get_object_or_404(
        aids.aids_visible_to(request.user, "all").filter(returned_on__isnull=True), pk=pk
    )
    if not can_take_aids_back(request.user, loan.student):
        raise PermissionDenied
    form = AidReturnForm(request.POST or None, initial={"returned_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            aids.aid_return(actor=request.user, aid=loan, **form.cleaned_data)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The return is recorded."))
            return redirect("support:aids-case", student_pk=loan.student_id)
    title = _("Return of “%(item)s”, %(student)s") % {
        "item": loan,
        "student": loan.student.full_name,
    }
    return form_page(request, title, form, reverse("support:aids-case", args=[loan.student_id]))
