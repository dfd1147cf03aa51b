"""The event requests' pages (support/events.py): the student and representatives ask
and follow their own; centre staff see their cases' (the head all), forward them and
record the answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eagi_inclusion.pagination import BoundedPaginator
from routes.views.common import form_page
from students.permissions import is_centre_staff
from students.selectors import student_list_visible_to

from .. import events, selectors
from ..event_forms import EventHandleForm, EventRequestForm
from ..services import SupportError


@login_required
def event_requests(request):
    user = request.user
    own = list(selectors.own_students(user))
    staff = is_centre_staff(user)
    if not own and not staff:
        raise PermissionDenied
    students = None
    if staff or len(own) > 1:
        students = (
            student_list_visible_to(user).order_by("last_name", "first_name")
            if staff
            else selectors.own_students(user).order_by("last_name", "first_name")
        )
    form = EventRequestForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        student = data.pop("student", None) or own[0]
        try:
            events.event_request_create(actor=user, student=student, data=data)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your request is sent to the centre."))
            return redirect("support:events")
    page = BoundedPaginator(events.event_requests_visible_to(user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "support/events.html",
        {"page_obj": page, "requests": page.object_list, "form": form, "staff": staff},
    )


@login_required
def event_request_handle(request, pk):
    if not is_centre_staff(request.user):
        raise PermissionDenied
    item = get_object_or_404(events.event_requests_visible_to(request.user), pk=pk)
    form = EventHandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            events.event_request_handle(
                actor=request.user,
                request=item,
                action=form.cleaned_data["action"],
                unit=form.cleaned_data["unit"],
                outcome=form.cleaned_data["outcome"],
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved; the student is told."))
            return redirect("support:events")
    title = _("“%(event)s”, %(student)s") % {"event": item.event, "student": item.student.full_name}
    return form_page(request, title, form, reverse("support:events"))
