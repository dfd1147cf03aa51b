"""Pages of assessments, conclusions, protocols and routes. Who may see what:

- assessments, conclusions, protocols: centre staff working on the case and the centre
  head (others 404); every opening is logged;
- routes: `route_list_visible_to` (others 404). Staff, the student and the
  representative see the whole route; the rector's office sees it from approval on,
  without health data; a teacher sees only the sections of their own courses;
- actions: `routes.workflow.may` and the services decide; refused actions answer 403
  or show the service's reason.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion.errors import DomainError
from eagi_inclusion.exports import csv_row, xlsx_row
from eagi_inclusion.pagination import BoundedPaginator
from eagi_inclusion.roles import Role, has_role
from students.disposal import case_dispose
from students.models import AcademicYear, Student, User
from students.permissions import (
    can_assign_cases,
    can_read_case_as_staff,
    can_work_on_case,
    is_centre_staff,
)
from students.selectors import (
    remember_case_access_of,
    student_list_visible_to,
    with_case_access,
)
from students.services import CaseError, case_archive

from . import services, statistics
from .casefile import KINDS, case_items, merged_case_file
from .diff import compare
from .filters import ConclusionFilter, ProtocolFilter, RouteFilter
from .forms import (
    ArchiveForm,
    AssessmentForm,
    CommentForm,
    ConclusionForm,
    ProtocolForm,
    RouteCreateForm,
    RouteForm,
    SectionForm,
    SupportMeasureForm,
)
from .forms_pdf import (
    issue_conclusion_pdf,
    issue_letter_pdf,
    issue_protocol_pdf,
    issue_route_pdf,
)
from .models import Conclusion, MeetingProtocol, Route, RouteCourseSection, TeacherLetter
from .selectors import (
    conclusion_list_visible_to,
    letters_of,
    protocol_list_visible_to,
    route_list_visible_to,
    sections_to_agree,
    sections_visible_in,
)
from .services import RouteConflict, RouteError
from .workflow import ACTIONS, available_actions, may


def _case_for_staff(request, student_pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=student_pk)
    if not can_read_case_as_staff(request.user, student):
        raise PermissionDenied
    return student


def form_page(request, title, form, back, multipart=False):
    return render(
        request,
        "routes/form.html",
        {"title": title, "form": form, "back": back, "multipart": multipart},
    )


# --- Assessments ------------------------------------------------------------------


@login_required
def assessment_create(request, student_pk):
    student = _case_for_staff(request, student_pk)
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.assessment_create(student=student, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The assessment is recorded."))
        return redirect(student)
    return form_page(request, _("New assessment"), form, student.get_absolute_url())


# --- Conclusions -----------------------------------------------------------------


def _conclusion_data(form):
    detail = form.cleaned_data["adaptation_detail"]
    return [(kind, detail) for kind in form.cleaned_data["adaptation_types"]]


@login_required
def conclusion_create(request, student_pk):
    student = _case_for_staff(request, student_pk)
    form = ConclusionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conclusion = services.conclusion_save(
            student=student,
            actor=request.user,
            analysis=form.cleaned_data["analysis"],
            adaptations=_conclusion_data(form),
        )
        messages.success(request, _("The draft conclusion is saved."))
        return redirect(conclusion)
    return form_page(request, _("New centre conclusion"), form, student.get_absolute_url())


def _conclusion_for_staff(request, pk, *, shown: bool = False):
    """The conclusion, for centre staff on its case. `shown`: the page displays its
    content, so the read is written to the access log here, where it is loaded, and no
    view that shows it can forget (tests/test_health_reads.py)."""
    conclusion = get_object_or_404(
        Conclusion.objects.select_related("student", "register_entry", "drafted_by", "issued_by"),
        pk=pk,
    )
    _case_for_staff(request, conclusion.student_id)
    if shown and request.method == "GET":
        access_log(
            request=request,
            action=AccessEvent.Action.CASE_VIEW,
            student=conclusion.student,
            obj=conclusion,
        )
    return conclusion


@login_required
def conclusion_detail(request, pk):
    conclusion = _conclusion_for_staff(request, pk, shown=True)
    return render(
        request,
        "routes/conclusion_detail.html",
        {
            "conclusion": conclusion,
            "adaptations": list(conclusion.adaptations.select_related("adaptation_type")),
            "can_issue": conclusion.status == "draft" and can_assign_cases(request.user),
            "can_edit": conclusion.status == "draft",
            "can_correct": conclusion.status == "issued"
            and not Conclusion.objects.filter(supersedes=conclusion).exists(),
        },
    )


@login_required
def conclusion_edit(request, pk):
    conclusion = _conclusion_for_staff(request, pk, shown=True)
    initial = {
        "analysis": conclusion.analysis,
        "adaptation_types": [a.adaptation_type_id for a in conclusion.adaptations.all()],
        "adaptation_detail": next((a.detail for a in conclusion.adaptations.all()), ""),
    }
    form = ConclusionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conclusion_save(
                student=conclusion.student,
                actor=request.user,
                analysis=form.cleaned_data["analysis"],
                adaptations=_conclusion_data(form),
                conclusion=conclusion,
            )
        except RouteError as error:
            messages.error(request, str(error))
        return redirect(conclusion)
    return form_page(request, _("Edit the conclusion"), form, conclusion.get_absolute_url())


@require_POST
@login_required
def conclusion_issue(request, pk):
    conclusion = _conclusion_for_staff(request, pk)
    try:
        services.conclusion_issue(conclusion=conclusion, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The conclusion is issued and registered."))
    return redirect(conclusion)


@require_POST
@login_required
def conclusion_correct(request, pk):
    conclusion = _conclusion_for_staff(request, pk)
    try:
        new = services.conclusion_correct(conclusion=conclusion, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
        return redirect(conclusion)
    return redirect(new)


# --- Protocols -------------------------------------------------------------------


def _centre_staff():
    return User.objects.filter(
        is_active=True, groups__name__in=[Role.SPECIALIST, Role.CENTRE_HEAD]
    ).distinct()


@login_required
def protocol_create(request, student_pk):
    student = _case_for_staff(request, student_pk)
    form = ProtocolForm(request.POST if request.method == "POST" else None, staff=_centre_staff())
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"approved_measures", "attendee_names"}
        }
        attendees = [("centre", form.cleaned_data["chair"], "")]
        attendees += [
            ("external", None, line.strip())
            for line in form.cleaned_data["attendee_names"].splitlines()
            if line.strip()
        ]
        route = student.routes.exclude(status__in=["closed", "superseded"]).first()
        protocol = services.protocol_create(
            student=student,
            actor=request.user,
            data=data,
            attendees=attendees,
            measures=form.cleaned_data["approved_measures"],
            route=route,
        )
        messages.success(request, _("The protocol is saved as a draft."))
        return redirect(protocol)
    return form_page(request, _("New team meeting protocol"), form, student.get_absolute_url())


@login_required
def protocol_detail(request, pk):
    protocol = get_object_or_404(
        MeetingProtocol.objects.select_related("student", "chair", "secretary", "register_entry"),
        pk=pk,
    )
    _case_for_staff(request, protocol.student_id)
    access_log(
        request=request, action=AccessEvent.Action.CASE_VIEW, student=protocol.student, obj=protocol
    )
    return render(
        request,
        "routes/protocol_detail.html",
        {
            "protocol": protocol,
            "attendees": list(protocol.attendees.select_related("user")),
            "measures": list(protocol.approved_measures.all()),
            "can_sign": protocol.status == "draft" and protocol.chair_id == request.user.pk,
        },
    )


@require_POST
@login_required
def protocol_sign(request, pk):
    protocol = get_object_or_404(MeetingProtocol, pk=pk)
    _case_for_staff(request, protocol.student_id)
    try:
        services.protocol_sign(protocol=protocol, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The protocol is signed and registered."))
    return redirect(protocol)


# --- Routes ----------------------------------------------------------------------


class RouteListView(LoginRequiredMixin, FilterView):
    """Every route the user may see (route_list_visible_to), filtered and paged."""

    filterset_class = RouteFilter
    template_name = "routes/route_list.html"
    paginate_by = 25
    paginator_class = BoundedPaginator
    context_object_name = "routes"

    def get_queryset(self):
        return route_list_visible_to(self.request.user).order_by("-created_at", "-pk")


class _CaseStaffList(LoginRequiredMixin, FilterView):
    """Lists of the centre's own documents: centre staff only (others 403), each
    seeing the cases they work on."""

    paginate_by = 25

    paginator_class = BoundedPaginator

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_centre_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ConclusionListView(_CaseStaffList):
    filterset_class = ConclusionFilter
    template_name = "routes/conclusion_list.html"
    context_object_name = "conclusions"

    def get_queryset(self):
        return conclusion_list_visible_to(self.request.user).order_by("-created_at", "-pk")


class ProtocolListView(_CaseStaffList):
    filterset_class = ProtocolFilter
    template_name = "routes/protocol_list.html"
    context_object_name = "protocols"

    def get_queryset(self):
        return protocol_list_visible_to(self.request.user).order_by("-date", "-pk")


@login_required
def route_create(request, student_pk):
    student = _case_for_staff(request, student_pk)
    form = RouteCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conclusion = student.conclusions.filter(status="issued").order_by("-issued_at").first()
        last = (
            student.routes.filter(status__in=["active", "closed", "superseded"])
            .order_by("-period__starts_on", "-version")
            .first()
            if form.cleaned_data["copy_last"]
            else None
        )
        try:
            route = services.route_create(
                student=student,
                period=form.cleaned_data["period"],
                actor=request.user,
                conclusion=conclusion,
                copy_from=last,
            )
        except RouteError as error:
            form.add_error(None, str(error))
        else:
            return redirect(route)
    return form_page(request, _("New individual education route"), form, student.get_absolute_url())


def _visible_route(request, pk):
    return get_object_or_404(route_list_visible_to(request.user), pk=pk)


def _route_level(user, route) -> str:
    if can_read_case_as_staff(user, route.student):
        return "staff"
    if route.student.user_id == user.pk or route.student.representatives.filter(user=user).exists():
        return "own"
    if has_role(user, Role.MANAGEMENT):
        return "management"
    return "teacher"


@login_required
def route_detail(request, pk):
    user = request.user
    route = get_object_or_404(
        with_case_access(
            route_list_visible_to(user).select_related("approved_by"), user, "student"
        ),
        pk=pk,
    )
    remember_case_access_of(user, route, route.student)
    level = _route_level(user, route)
    sections = sections_visible_in(route, user, full=level != "teacher")
    context = {
        "route": route,
        "level": level,
        "sections": sections,
        "measures": list(route.support_measures.select_related("measure_type"))
        if level != "teacher"
        else [],
        "decisions": list(route.decisions.select_related("actor")),
        "actions": available_actions(route, user),
        "can_edit": level == "staff"
        and route.status == "draft"
        and can_work_on_case(user, route.student),
        "can_revise": level == "staff"
        and route.status == "active"
        and can_work_on_case(user, route.student),
        "to_agree": {
            s.pk
            for s in sections
            if s.teacher_id == user.pk and route.status == "agreement" and not s.current_agreements
        },
    }
    if level == "staff":
        context["other_versions"] = list(
            Route.objects.filter(student=route.student_id, period=route.period_id)
            .exclude(pk=route.pk)
            .order_by("-version")
        )
    access_log(
        request=request, action=AccessEvent.Action.CASE_VIEW, student=route.student, obj=route
    )
    return render(request, "routes/route_detail.html", context)


def _staff_route(request, pk, *, shown: bool = False):
    """The route, for centre staff on its case; `shown` as for conclusions."""
    route = _visible_route(request, pk)
    if _route_level(request.user, route) != "staff":
        raise PermissionDenied
    if shown and request.method == "GET":
        access_log(
            request=request, action=AccessEvent.Action.CASE_VIEW, student=route.student, obj=route
        )
    return route


@login_required
def route_edit(request, pk):
    route = _staff_route(request, pk, shown=True)
    form = RouteForm(
        request.POST if request.method == "POST" else None,
        instance=route,
        initial={"lock_version": route.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in RouteForm.Meta.fields}
        return _versioned_save(
            request,
            route,
            form,
            lambda lock_version: services.route_update(
                route=route, actor=request.user, lock_version=lock_version, data=data
            ),
        )
    return form_page(request, _("Edit the route"), form, route.get_absolute_url())


def _versioned_save(request, route, form, save):
    """Run a version-checked save; a stale form gets the conflict page (409) showing
    what the person tried to save, any other refusal a message."""
    try:
        save(form.cleaned_data["lock_version"])
    except RouteConflict as error:
        route.refresh_from_db()
        return render(
            request,
            "routes/conflict.html",
            {"route": route, "message": str(error), "form": form},
            status=409,
        )
    except RouteError as error:
        messages.error(request, str(error))
    return redirect(route)


@login_required
def section_edit(request, pk):
    section = get_object_or_404(RouteCourseSection.objects.select_related("route", "course"), pk=pk)
    route = _staff_route(request, section.route_id, shown=True)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        instance=section,
        initial={"lock_version": route.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in SectionForm.Meta.fields if f != "adaptation_types"}
        return _versioned_save(
            request,
            route,
            form,
            lambda lock_version: services.section_update(
                section=section,
                actor=request.user,
                lock_version=lock_version,
                data=data,
                adaptation_types=form.cleaned_data["adaptation_types"],
            ),
        )
    return form_page(
        request,
        _("Course section: %(course)s") % {"course": section.course},
        form,
        route.get_absolute_url(),
    )


@login_required
def measure_add(request, pk):
    route = _staff_route(request, pk)
    form = SupportMeasureForm(
        request.POST if request.method == "POST" else None,
        initial={"lock_version": route.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in SupportMeasureForm.Meta.fields}
        return _versioned_save(
            request,
            route,
            form,
            lambda lock_version: services.support_measure_add(
                route=route, actor=request.user, lock_version=lock_version, data=data
            ),
        )
    return form_page(request, _("New support measure"), form, route.get_absolute_url())


TRANSITIONS = {
    "send_for_agreement": services.route_send_for_agreement,
    "approve": services.route_approve,
    "return": services.route_return,
    "close": services.route_close,
}


@login_required
def route_transition(request, pk, action):
    """GET: a confirmation page with a comment; POST: the service, then back."""
    if action not in TRANSITIONS:
        raise PermissionDenied
    route = _visible_route(request, pk)
    if not may(request.user, route, action):
        raise PermissionDenied
    form = CommentForm(
        request.POST if request.method == "POST" else None, required=action == "return"
    )
    if request.method == "POST" and form.is_valid():
        try:
            TRANSITIONS[action](
                route=route, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except RouteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action]})
        return redirect(route)
    return render(
        request,
        "routes/confirm.html",
        {"route": route, "form": form, "title": ACTIONS[action]},
    )


SECTION_DECISIONS = {"agree": services.section_agree, "return": services.section_return}


@login_required
def section_decide(request, pk, decision):
    if decision not in SECTION_DECISIONS:
        raise PermissionDenied
    section = get_object_or_404(RouteCourseSection.objects.select_related("route", "course"), pk=pk)
    route = _visible_route(request, section.route_id)
    if section.teacher_id != request.user.pk:
        raise PermissionDenied
    form = CommentForm(
        request.POST if request.method == "POST" else None, required=decision == "return"
    )
    if request.method == "POST" and form.is_valid():
        try:
            SECTION_DECISIONS[decision](
                section=section, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except RouteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your decision is recorded."))
        return redirect(route)
    title = _("Agree") if decision == "agree" else _("Return for revision")
    return render(
        request,
        "routes/confirm.html",
        {"route": route, "form": form, "title": f"{title}: {section.course}"},
    )


@require_POST
@login_required
def route_new_version(request, pk):
    route = _staff_route(request, pk)
    try:
        new = services.route_new_version(route=route, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
        return redirect(route)
    return redirect(new)


@login_required
def teacher_work(request):
    """A teacher's sections to agree and letters to acknowledge."""
    if not has_role(request.user, Role.TEACHER):
        raise PermissionDenied
    letters = BoundedPaginator(letters_of(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "routes/teacher_work.html",
        {
            "to_agree": list(sections_to_agree(request.user)),
            "letters": letters.object_list,
            "page_obj": letters,
        },
    )


@require_POST
@login_required
def letter_acknowledge(request, pk):
    letter = get_object_or_404(TeacherLetter.objects.filter(teacher=request.user), pk=pk)
    services.letter_acknowledge(letter=letter, actor=request.user)
    messages.success(request, _("The letter is acknowledged."))
    return redirect("routes:teacher-work")


@login_required
def route_compare(request, pk):
    """This version beside the one it replaces (or another version, ?with=ID)."""
    route = _visible_route(request, pk)
    if _route_level(request.user, route) == "teacher":
        raise PermissionDenied
    versions = route_list_visible_to(request.user).filter(
        student=route.student_id, period=route.period_id
    )
    other_pk = request.GET.get("with") or route.supersedes_id
    other = get_object_or_404(versions.exclude(pk=route.pk), pk=other_pk) if other_pk else None
    if other is None:
        messages.error(request, _("There is no other version to compare with."))
        return redirect(route)
    old, new = (other, route) if other.version < route.version else (route, other)
    return render(
        request,
        "routes/route_compare.html",
        {"old": old, "new": new, "groups": compare(old, new)},
    )


# --- Official forms (PDF) ----------------------------------------------------------


def _pdf_options(request, student):
    language = request.GET.get("language") or student.document_language
    if language not in ("kk", "ru"):
        language = student.document_language
    variant = request.GET.get("variant", "standard")
    if variant not in ("standard", "large"):
        variant = "standard"
    return language, variant


def _send_pdf(request, issued, student, filename):
    access_log(
        request=request, action=AccessEvent.Action.FILE_DOWNLOAD, student=student, obj=issued
    )
    return FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


@login_required
def route_pdf(request, pk):
    """The approved route on the official form (whole route: not for teachers, who
    receive their letter)."""
    route = _visible_route(request, pk)
    if _route_level(request.user, route) == "teacher":
        raise PermissionDenied
    if route.register_entry is None:
        raise Http404
    language, variant = _pdf_options(request, route.student)
    issued = issue_route_pdf(route=route, actor=request.user, language=language, variant=variant)
    return _send_pdf(
        request, issued, route.student, f"{route.register_entry.number}-{language}.pdf"
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
        request, issued, route.student, f"{letter.register_entry.number}-{language}.pdf"
    )


@login_required
def conclusion_pdf(request, pk):
    conclusion = _conclusion_for_staff(request, pk)
    if conclusion.register_entry is None:
        raise Http404
    language, variant = _pdf_options(request, conclusion.student)
    issued = issue_conclusion_pdf(
        conclusion=conclusion, actor=request.user, language=language, variant=variant
    )
    return _send_pdf(
        request, issued, conclusion.student, f"{conclusion.register_entry.number}-{language}.pdf"
    )


@login_required
def protocol_pdf(request, pk):
    protocol = get_object_or_404(
        MeetingProtocol.objects.select_related("student", "chair", "secretary", "register_entry"),
        pk=pk,
    )
    _case_for_staff(request, protocol.student_id)
    if protocol.register_entry is None:
        raise Http404
    language, variant = _pdf_options(request, protocol.student)
    issued = issue_protocol_pdf(
        protocol=protocol, actor=request.user, language=language, variant=variant
    )
    return _send_pdf(
        request, issued, protocol.student, f"{protocol.register_entry.number}-{language}.pdf"
    )


# --- Personal case file -----------------------------------------------------------


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
def case_file_pdf(request, student_pk):
    student, only_own = _case_file_access(request, student_pk)
    language, _variant = _pdf_options(request, student)
    items = case_items(student, only_own=only_own)
    pdf = merged_case_file(student, items, actor=request.user, language=language)
    access_log(request=request, action=AccessEvent.Action.FILE_DOWNLOAD, student=student)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-file-{student.pk}.pdf"'
    return response


# --- Archive and retention --------------------------------------------------------


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


class StatisticsYearForm(forms.Form):
    year = forms.ModelChoiceField(
        label=gettext_lazy("Academic year"),
        queryset=AcademicYear.objects.order_by("-starts_on"),
        required=False,
        empty_label=None,
    )


def _statistics_for(request):
    """The centre head and the rector's office (others 403): aggregates of one year."""
    if not has_role(request.user, Role.CENTRE_HEAD, Role.MANAGEMENT):
        raise PermissionDenied
    form = StatisticsYearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    year = year or statistics.current_year()
    if year is None:
        raise Http404(_("No academic year in the catalogue yet."))
    form = StatisticsYearForm(initial={"year": year})
    data = statistics.cached_year_statistics(year)
    if not has_role(request.user, Role.CENTRE_HEAD):
        data = statistics.suppress_small_cells(data)  # small counts can name a student
    return form, data


@login_required
def statistics_page(request):
    form, data = _statistics_for(request)
    return render(request, "routes/statistics.html", {"form": form, **data})


@login_required
def statistics_export(request, fmt):
    """The same tables as the page, as an XLSX workbook or a CSV file."""
    _form, data = _statistics_for(request)
    year, tables, figures = data["year"], data["tables"], data["figures"]
    key_figures = [
        (_("Students with special educational needs"), figures["students"]),
        (_("Applications"), figures["applications"]),
        (_("Routes (all versions)"), figures["routes"]),
        (_("Median days from application to approved route"), figures["median_days_to_route"]),
        (_("Teachers' agreement, median days"), figures["median_agreement_days"]),
    ]
    filename = f"eagi-statistics-{year.name}"
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("Table"), _("Group"), _("Count")])
        for label, value in key_figures:
            writer.writerow(csv_row([_("Key figures"), label, "" if value is None else value]))
        for table in tables:
            for label, value in table.rows:
                writer.writerow(csv_row([table.title, label, value]))
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        import io

        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Key figures")[:31]
        sheet.append(xlsx_row(sheet, [_("Academic year"), year.name]))
        for label, value in key_figures:
            sheet.append(xlsx_row(sheet, [str(label), value]))
        for number, table in enumerate(tables, start=1):
            sheet = workbook.create_sheet(f"{number}. {table.title}"[:31])
            sheet.append(xlsx_row(sheet, [str(table.title)]))
            sheet.append([_("Group"), _("Count")])
            for row in table.rows:
                sheet.append(xlsx_row(sheet, [str(row[0]), *row[1:]]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
