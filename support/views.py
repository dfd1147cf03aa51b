"""Pages of the centre's support work. Who may see what (docs/access-model.md):

- sessions of a case: centre staff on the case (others 404), each opening logged;
- consultations: centre staff all they may see; a teacher only their own;
- external organisations: centre staff; disclosures only by the head;
- alternative formats: the student and representative their own requests, the
  specialists those of their cases, the head all;
- barriers: anyone signed in reports and sees their own; centre staff see and track all;
- training: the head records seminars and sees untrained teachers; a teacher sees
  their own record;
- implementation: a teacher the checks and reports of their own sections; the student
  and representative their own reports; centre staff those of their cases.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.pagination import BoundedPaginator
from routes.models import RouteCourseSection, RouteStatus
from routes.views.common import form_page
from students.models import Course, CourseAssignment, LegalRepresentative, Student
from students.permissions import can_assign_cases, can_read_case_as_staff, is_centre_staff
from students.selectors import case_staff_condition, student_list_visible_to

from . import services
from .forms import (
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
from .models import (
    AdaptationCheck,
    Barrier,
    FormatRequest,
    ImplementationReport,
    Interaction,
    Seminar,
    SupportSession,
    TeacherConsultation,
)
from .permissions import can_attend_training, follows_own_support, works_as_teacher
from .services import SupportError


def _page(request, queryset, size=25):
    return BoundedPaginator(queryset, size).get_page(request.GET.get("page"))


def _staff_only(user):
    if not is_centre_staff(user):
        raise PermissionDenied


def _own_students(user):
    return Student.objects.filter(
        Q(user=user) | Q(pk__in=LegalRepresentative.objects.filter(user=user).values("student"))
    )


def _case_scope(user, path: str = "student") -> Q:
    """Rows of the cases the user works on as staff (all for the head). For the head it
    is a condition every row meets, not an empty Q(): `other | Q()` is just `other`,
    and escalated reports vanished from the head's page that way."""
    return case_staff_condition(user, path) or Q(pk__isnull=False)


# Support sessions ------------------------------------------------------------------------


@login_required
def sessions(request, student_pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    if not can_read_case_as_staff(request.user, student):
        raise PermissionDenied
    route = (
        student.routes.filter(status=RouteStatus.ACTIVE)
        .select_related("period__academic_year")
        .first()
    )
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

    recent = (
        SupportSession.objects.filter(measure__route__student=student)
        .select_related("measure__measure_type", "specialist")
        .order_by("-date", "-pk")[:50]
    )
    return render(
        request,
        "support/sessions.html",
        {
            "student": student,
            "route": route,
            "plan": services.delivered_vs_planned(route) if route else [],
            "sessions": list(recent),
            "form": form,
        },
    )


# Consultations ---------------------------------------------------------------------------


@login_required
def consultations(request):
    user = request.user
    if is_centre_staff(user):
        rows = TeacherConsultation.objects.all()
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
        rows, form = TeacherConsultation.objects.filter(teacher=user), None
    else:
        raise PermissionDenied
    page = _page(request, rows.select_related("teacher", "specialist", "course"))
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
    rows = Interaction.objects.filter(Q(student__isnull=True) | _case_scope(user)).select_related(
        "organisation", "student", "disclosure__register_entry", "recorded_by"
    )
    page = _page(request, rows)
    return render(
        request,
        "support/interactions.html",
        {"page_obj": page, "interactions": page.object_list, "form": form},
    )


# Alternative formats ---------------------------------------------------------------------


def _format_requests_for(user):
    rows = FormatRequest.objects.select_related("student", "course", "material", "requested_by")
    if is_centre_staff(user):
        return rows.filter(_case_scope(user))
    return rows.filter(student__in=_own_students(user))


@login_required
def formats(request):
    user = request.user
    own = list(_own_students(user))
    staff = is_centre_staff(user)
    if not own and not staff:
        raise PermissionDenied
    if own:
        groups = [s.study_group_id for s in own]
        courses = Course.objects.filter(
            pk__in=CourseAssignment.objects.filter(group__in=groups).values("course")
        ).order_by("code")
        form = FormatRequestForm(request.POST or None, courses=courses)
    else:
        # A specialist asks on behalf of a student of their cases.
        form = FormatRequestForm(
            request.POST or None,
            courses=Course.objects.order_by("code"),
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
    page = _page(request, _format_requests_for(user))
    return render(
        request,
        "support/formats.html",
        {"page_obj": page, "requests": page.object_list, "form": form, "staff": staff},
    )


@login_required
def format_deliver(request, pk):
    item = get_object_or_404(_format_requests_for(request.user), pk=pk)
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
    item = get_object_or_404(_format_requests_for(request.user), pk=pk, material__isnull=False)
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
    rows = Barrier.objects.select_related("reported_by")
    if not is_centre_staff(user):
        rows = rows.filter(reported_by=user)
    status = request.GET.get("status")
    if status in Barrier.Status.values:
        rows = rows.filter(status=status)
    page = _page(request, rows)
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
    seminars = Seminar.objects.prefetch_related("attendees")
    if not head and not is_centre_staff(user):
        seminars = seminars.filter(attendees=user)
    page = _page(request, seminars)
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


# The implementation loop -----------------------------------------------------------------


def _active_sections():
    return RouteCourseSection.objects.filter(route__status=RouteStatus.ACTIVE).select_related(
        "course", "route__student__study_group", "teacher"
    )


@login_required
def implementation(request):
    user = request.user
    context = {}
    if works_as_teacher(user):
        context["my_sections"] = [
            (section, CheckForm(auto_id=f"check-{section.pk}-%s"))
            for section in _active_sections().filter(teacher=user)
        ]
        context["my_checks"] = list(
            AdaptationCheck.objects.filter(teacher=user).select_related(
                "section__course", "section__route__student"
            )[:50]
        )
    own = _own_students(user)
    if follows_own_support(user):
        context["route_sections"] = list(_active_sections().filter(route__student__in=own))
    reports = ImplementationReport.objects.select_related(
        "section__course",
        "section__teacher",
        "section__route__student",
        "reported_by",
        "resolved_by",
    )
    condition = Q(section__route__student__in=own) | Q(section__teacher=user)
    if is_centre_staff(user):
        condition |= _case_scope(user, "section__route__student")
    context["reports"] = list(reports.filter(condition).order_by("-created_at")[:100])
    context["can_resolve"] = is_centre_staff(user)
    if not ({"my_sections", "route_sections"} & set(context) or is_centre_staff(user)):
        raise PermissionDenied
    return render(request, "support/implementation.html", context)


@require_POST
@login_required
def check_add(request, section_pk):
    section = get_object_or_404(_active_sections().filter(teacher=request.user), pk=section_pk)
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
    own = _own_students(request.user)
    section = get_object_or_404(_active_sections().filter(route__student__in=own), pk=section_pk)
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


@login_required
def report_resolve(request, pk):
    _staff_only(request.user)
    scope = _case_scope(request.user, "section__route__student")
    report = get_object_or_404(ImplementationReport.objects.filter(scope), pk=pk)
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
    if staff or teacher:
        links.append(("support:consultations", _("Consultations of teachers")))
    if staff or teacher:
        links.append(("support:training", _("Training of teachers")))
    if staff:
        links.append(("support:interactions", _("Work with external organisations")))
    links.append(("support:barriers", _("Accessibility barriers")))
    return render(request, "support/hub.html", {"links": links})
