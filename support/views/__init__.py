"""Pages of the centre's support work. Who may see what (docs/access-model.md):

- sessions of a case: centre staff on the case (others 404), each opening logged;
- consultations: centre staff all they may see; a teacher only their own;
- external organisations: centre staff; disclosures only by the head;
- alternative formats: the student and representative their own requests, the
  specialists those of their cases, the head all;
- barriers: anyone signed in reports and sees their own; centre staff see and track all;
- training: the head records seminars (any staff member attends) and sees who teaches
  SEN students untrained; every staff member sees their own record;
- awareness events: anyone signed in reads the list; the head records them and sees
  the names of the staff who came and the year's totals;
- implementation: a teacher the checks and reports of their own sections; the student
  and representative their own reports; centre staff those of their cases;
- reports of mistreatment: the reporter and the person a report is addressed to
  (support/views/complaints.py);
- technical aids: centre staff on the case lend and take back (others 404/403, each
  opening logged); the head lists all that is out, a specialist their cases'; the
  student and representatives see theirs on their own page (support/panels.py).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.pagination import BoundedPaginator
from routes.permissions import can_view_statistics
from routes.views.common import form_page
from students.permissions import can_assign_cases, can_read_case_as_staff, is_centre_staff
from students.selectors import student_list_visible_to

from .. import selectors, services
from ..awareness import awareness_event_record, awareness_events, awareness_totals
from ..complaints import addressed_to_me
from ..forms import (
    AwarenessEventForm,
    BarrierForm,
    BarrierUpdateForm,
    CheckForm,
    ConsultationForm,
    DeliverForm,
    FormatRequestForm,
    InteractionForm,
    ReportForm,
    ResolveForm,
    SeminarForm,
    SessionForm,
)
from ..models import (
    Barrier,
)
from ..permissions import (
    can_attend_training,
    can_list_aids,
    can_record_awareness_events,
    follows_own_support,
    works_as_teacher,
)
from ..services import SupportError
from ..units import works_in_a_unit
from .aids import aid_return, aids_case, aids_list  # noqa: F401 - the URLconf's names
from .complaints import complaint_detail, complaint_list  # noqa: F401
from .events import event_request_handle, event_requests  # noqa: F401
from .units import unit_task_detail, unit_task_list, unit_task_new  # noqa: F401


def _page(request, queryset, size=25):
    return BoundedPaginator(queryset, size).get_page(request.GET.get("page"))


def _staff_only(user):
    if not is_centre_staff(user):
        raise PermissionDenied


# Support sessions ------------------------------------------------------------------------


@login_required
def sessions(request, student_pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    if not can_read_case_as_staff(request.user, student):
        raise PermissionDenied
    route = selectors.active_route(student)
    form = None
    if route is not None:
        form = SessionForm(request.POST or None, route=route)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            measure = data.pop("measure")
            try:
                services.session_record(measure=measure, actor=request.user, data=data)
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The session is recorded."))
                return redirect("support:sessions", student_pk=student.pk)
    access_log(request=request, action=AccessEvent.Action.CASE_VIEW, student=student, obj=student)

    return render(
        request,
        "support/sessions.html",
        {
            "student": student,
            "route": route,
            "plan": services.delivered_vs_planned(route) if route else [],
            "sessions": selectors.recent_sessions(student),
            "form": form,
        },
    )


# Consultations ---------------------------------------------------------------------------


@login_required
def consultations(request):
    user = request.user
    staff = is_centre_staff(user)
    if staff:
        form = ConsultationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.consultation_record(actor=user, data=form.cleaned_data)
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The consultation is recorded."))
                return redirect("support:consultations")
    elif works_as_teacher(user):
        form = None
    else:
        raise PermissionDenied
    page = _page(request, selectors.consultations_visible_to(user, staff=staff))
    return render(
        request,
        "support/consultations.html",
        {"page_obj": page, "consultations": page.object_list, "form": form},
    )


# External organisations ------------------------------------------------------------------


@login_required
def interactions(request):
    user = request.user
    _staff_only(user)
    students = student_list_visible_to(user).order_by("last_name", "first_name")
    form = InteractionForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in InteractionForm.Meta.fields}
        disclosure = None
        if form.cleaned_data["personal_data_sent"]:
            disclosure = {
                "recipient": str(data["organisation"]),
                "legal_basis": form.cleaned_data["legal_basis"],
                "what": data["documents_exchanged"],
                "disclosed_on": data["date"],
            }
        try:
            services.interaction_record(actor=user, data=data, disclosure=disclosure)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The interaction is recorded."))
            return redirect("support:interactions")
    page = _page(request, selectors.interactions_visible_to(user))
    return render(
        request,
        "support/interactions.html",
        {"page_obj": page, "interactions": page.object_list, "form": form},
    )


# Alternative formats ---------------------------------------------------------------------


@login_required
def formats(request):
    user = request.user
    own = list(selectors.own_students(user))
    staff = is_centre_staff(user)
    if not own and not staff:
        raise PermissionDenied
    if own:
        groups = [s.study_group_id for s in own]
        courses = selectors.courses_of_groups(groups)
        form = FormatRequestForm(request.POST or None, courses=courses)
    else:
        # A specialist asks on behalf of a student of their cases.
        form = FormatRequestForm(
            request.POST or None,
            courses=selectors.all_courses(),
            students=student_list_visible_to(user).order_by("last_name", "first_name"),
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        student = data.pop("student", None) or own[0]
        try:
            made = services.format_request_create(actor=user, student=student, **data)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("It is ready: the centre had already converted this material.")
                if made.reused
                else _("Your request is sent to the centre."),
            )
            return redirect("support:formats")
    page = _page(request, selectors.format_requests_visible_to(user))
    return render(
        request,
        "support/formats.html",
        {"page_obj": page, "requests": page.object_list, "form": form, "staff": staff},
    )


@login_required
def format_deliver(request, pk):
    item = get_object_or_404(selectors.format_requests_visible_to(request.user), pk=pk)
    _staff_only(request.user)
    form = DeliverForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.format_request_deliver(
                actor=request.user, request=item, upload=form.cleaned_data["file"]
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The material is delivered to the student."))
            return redirect("support:formats")
    return form_page(
        request, _("Deliver “%(title)s”") % {"title": item.title}, form, "/support/formats/", True
    )


@login_required
def format_file(request, pk):
    item = get_object_or_404(
        selectors.format_requests_visible_to(request.user), pk=pk, material__isnull=False
    )
    material = item.material
    return FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=f"{material.title[:80]}.{material.file.name.rsplit('.', 1)[-1]}"
        if "." in material.file.name
        else material.title[:80],
    )


# Barriers --------------------------------------------------------------------------------


@login_required
def barriers(request):
    user = request.user
    form = BarrierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.barrier_report(actor=user, data=form.cleaned_data)
        messages.success(request, _("Thank you: the centre will follow it up."))
        return redirect("support:barriers")
    page = _page(request, selectors.barriers_visible_to(user, request.GET.get("status")))
    return render(
        request,
        "support/barriers.html",
        {
            "page_obj": page,
            "barriers": page.object_list,
            "form": form,
            "staff": is_centre_staff(user),
            "statuses": Barrier.Status.choices,
        },
    )


@login_required
def barrier_update(request, pk):
    _staff_only(request.user)
    barrier = get_object_or_404(Barrier, pk=pk)
    form = BarrierUpdateForm(request.POST or None, instance=barrier)
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_update(actor=request.user, barrier=barrier, **form.cleaned_data)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("support:barriers")
    return form_page(request, str(barrier), form, "/support/barriers/")


# Training --------------------------------------------------------------------------------


@login_required
def training(request):
    user = request.user
    head = can_assign_cases(user)
    if not head and not can_attend_training(user):
        raise PermissionDenied
    form = SeminarForm(request.POST or None) if head else None
    if head and request.method == "POST" and form.is_valid():
        services.seminar_record(actor=user, data=form.cleaned_data)
        messages.success(request, _("The seminar is recorded."))
        return redirect("support:training")
    page = _page(request, selectors.seminars_visible_to(user, head=head))
    return render(
        request,
        "support/training.html",
        {
            "page_obj": page,
            "seminars": page.object_list,
            "form": form,
            "untrained": list(services.untrained_teachers()[:200]) if head else None,
        },
    )


# Awareness events --------------------------------------------------------------------------


@login_required
def awareness(request):
    """Anyone signed in reads the events; the head records them, and sees who of the
    staff came and the totals since 1 September."""
    head = can_record_awareness_events(request.user)
    form = AwarenessEventForm(request.POST or None) if head else None
    if request.method == "POST":
        if not head:
            raise PermissionDenied
        if form.is_valid():
            try:
                awareness_event_record(actor=request.user, data=form.cleaned_data)
            except SupportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The event is recorded."))
                return redirect("support:awareness")
    today = timezone.localdate()
    since = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    page = _page(request, awareness_events(with_names=head))
    return render(
        request,
        "support/awareness.html",
        {
            "page_obj": page,
            "events": page.object_list,
            "form": form,
            "head": head,
            "since": since,
            "totals": awareness_totals(since) if head else None,
        },
    )


# The implementation loop -----------------------------------------------------------------


@login_required
def implementation(request):
    user = request.user
    context = {}
    if works_as_teacher(user):
        context["my_sections"] = [
            (section, CheckForm(auto_id=f"check-{section.pk}-%s"))
            for section in selectors.active_sections().filter(teacher=user)
        ]
        context["my_checks"] = selectors.checks_of(user)
    own = selectors.own_students(user)
    if follows_own_support(user):
        context["route_sections"] = list(selectors.active_sections().filter(route__student__in=own))
    context["reports"] = selectors.reports_visible_to(user, own)
    context["can_resolve"] = is_centre_staff(user)
    if not ({"my_sections", "route_sections"} & set(context) or is_centre_staff(user)):
        raise PermissionDenied
    return render(request, "support/implementation.html", context)


@require_POST
@login_required
def check_add(request, section_pk):
    section = get_object_or_404(
        selectors.active_sections().filter(teacher=request.user), pk=section_pk
    )
    form = CheckForm(request.POST)
    if form.is_valid():
        try:
            services.check_record(actor=request.user, section=section, data=form.cleaned_data)
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Recorded: %(course)s.") % {"course": section.course})
    else:
        messages.error(request, _("Give the date and the class or assessment."))
    return redirect("support:implementation")


@require_POST
@login_required
def report_add(request, section_pk):
    own = selectors.own_students(request.user)
    section = get_object_or_404(
        selectors.active_sections().filter(route__student__in=own), pk=section_pk
    )
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_create(actor=request.user, section=section, data=form.cleaned_data)
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your report is sent to your specialist."))
    else:
        messages.error(request, _("Say when it happened and what was not provided."))
    return redirect("support:implementation")


@require_POST
@login_required
def report_escalate(request, pk):
    """Pass an open report to the head now (support.services.report_escalate)."""
    _staff_only(request.user)
    report = get_object_or_404(selectors.reports_to_resolve(request.user), pk=pk)
    services.report_escalate(actor=request.user, report=report)
    messages.success(request, _("The report is with the head of the centre now."))
    return redirect("support:implementation")


@login_required
def report_resolve(request, pk):
    _staff_only(request.user)
    report = get_object_or_404(selectors.reports_to_resolve(request.user), pk=pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_resolve(
                actor=request.user, report=report, resolution=form.cleaned_data["resolution"]
            )
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report is resolved and the student is told."))
            return redirect("support:implementation")
    return form_page(request, _("Resolve the report"), form, "/support/implementation/")


@login_required
def hub(request):
    """The support pages this person may use."""
    user = request.user
    staff = is_centre_staff(user)
    teacher = works_as_teacher(user)
    family = follows_own_support(user)
    links = []
    if family or teacher or staff:
        links.append(("support:implementation", _("Are the adaptations provided?")))
    if family or staff:
        links.append(("support:formats", _("Materials in alternative formats")))
        links.append(("support:events", _("Accommodations at events outside teaching")))
    if staff or teacher:
        links.append(("support:consultations", _("Consultations of teachers")))
    if staff or can_attend_training(user):
        links.append(("support:training", _("Training of teachers")))
    if staff:
        links.append(("support:interactions", _("Work with external organisations")))
    if staff or works_in_a_unit(user):
        links.append(("support:unit-tasks", _("Tasks of the structural units")))
    if can_list_aids(user):
        links.append(("support:aids", _("Technical aids lent")))
    if family or addressed_to_me(user) or can_view_statistics(user):
        links.append(("support:complaints", _("Reports of discrimination and unethical treatment")))
    links.append(("support:barriers", _("Accessibility barriers")))
    links.append(("support:awareness", _("Inclusion events for students and staff")))
    return render(request, "support/hub.html", {"links": links})
