"""The student's case: the list, the case page, the health profile, assigning
specialists, and who has read the case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from documents.access_log import access_log
from documents.models import AccessEvent
from eagi_inclusion import compiled, data_version
from eagi_inclusion.pagination import BoundedPaginator
from eagi_inclusion.roles import role_labels
from eagi_inclusion.views import confirm_page

from ..consents import processing_stopped
from ..filters import StudentFilter
from ..forms import CaseAssignForm, HealthProfileForm
from ..models import (
    CaseAssignment,
    EmergencyAccess,
    HealthProfile,
    LegalRepresentative,
    NeedCategory,
    Student,
    User,
)
from ..panels import DOCUMENTS_TAB, OWN_PAGE, actions_for, panels_for
from ..permissions import (
    can_assign_cases,
    can_list_students,
    can_read_case_as_staff,
    can_view_health,
    can_work_on_case,
    has_global_case_access,
    is_centre_staff,
    is_own_case,
)
from ..selectors import (
    active_assignments,
    case_access_of_row_until,
    case_access_until,
    courses_of,
    person_key,
    remember_case_access_of,
    student_list_visible_to,
    teaching_for,
)
from ..services import CaseError, case_assign, case_unassign, health_profile_update


class StudentListView(LoginRequiredMixin, FilterView):
    """Centre staff and teachers: the students they may open. The list (its filters,
    page and rows) is kept under the data version for this person and this query
    string (eagi_inclusion.data_version.kept) until the data changes."""

    filterset_class = StudentFilter
    template_name = "students/student_list_content.html"
    paginate_by = 25
    paginator_class = BoundedPaginator
    context_object_name = "students"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_list_students(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    # The columns the list shows. Loading whole rows (and the student's account, and
    # the faculty) cost a third of the page at 20,000 students (docs/performance.md).
    columns = (
        "last_name",
        "first_name",
        "patronymic",
        "full_name_ru",
        "iin",
        "year_of_study",
        "archived_at",
        "study_group__code",
        "study_group__programme__name_kk",
        "study_group__programme__name_ru",
        "study_group__programme__name_en",
    )

    def get(self, request, *args, **kwargs):
        def render_list() -> str:
            response = super(StudentListView, self).get(request, *args, **kwargs)
            return response.render().content.decode()

        content = data_version.kept(
            request,
            ["students", request.GET.urlencode()],
            render_list,
            until=lambda: case_access_until(request.user),
        )
        return render(request, "students/student_list.html", {"content": content})

    def get_queryset(self):
        return (
            student_list_visible_to(self.request.user)
            .select_related(None)
            .select_related("study_group__programme")
            .only(*self.columns)
            .order_by("last_name", "first_name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        staff = is_centre_staff(self.request.user)
        context["show_iin"] = context["staff"] = staff
        if staff:
            context["students"] = students = list(context["students"])
            _attach_active_assignments(students)
        return context


def _attach_active_assignments(students: list[Student]) -> None:
    """`student.active_assignments` for a page of students: one query of the few
    columns the list shows, rather than a prefetch of whole assignments and accounts."""
    by_student = {student.pk: [] for student in students}
    assignments = (
        CaseAssignment.objects.filter(student__in=list(by_student), ended_at__isnull=True)
        .select_related("specialist")
        .only(
            "student_id",
            "specialist__username",
            "specialist__last_name",
            "specialist__first_name",
            "specialist__patronymic",
            "specialist__full_name_ru",
        )
        .order_by("assigned_at", "pk")
    )
    for assignment in assignments if by_student else ():
        by_student[assignment.student_id].append(assignment)
    for student in students:
        student.active_assignments = by_student[student.pk]


class StudentDetailView(LoginRequiredMixin, DetailView):
    """One case. Each visitor sees the part their relation to the student allows.
    Centre staff see it in two parts: the case (study, personal data, team, health)
    and its documents (`?tab=documents`), each within a dozen queries."""

    template_name = "students/student_detail.html"
    context_object_name = "student"

    def get_queryset(self):
        user = self.request.user
        # What the permission checks need comes with the student.
        students = student_list_visible_to(user, case_access=True)
        if not user.is_authenticated:
            return students
        if is_centre_staff(user):
            students = students.select_related("health_profile")
        return students

    def get_object(self, queryset=None):
        """The case, if this person may open it: its SQL kept per person and case
        (eagi_inclusion.compiled)."""
        user, pk = self.request.user, self.kwargs["pk"]
        found = compiled.rows(
            ("case page", person_key(user), pk), lambda: self.get_queryset().filter(pk=pk)
        )
        if not found:
            raise Http404
        student = found[0]
        remember_case_access_of(user, student, student)
        return student

    def get_context_data(self, **kwargs):
        """Who looks decides what is read: the student or a representative ("own"), a
        teacher of the student's group ("teaching"), or centre staff on the case
        ("staff", on the case tab or the documents tab). Each part below reads only
        what its page shows. The access check (the queryset) and the access log run on
        every request; the content is kept under the data version
        (eagi_inclusion.data_version.kept) until the data changes."""
        context = super().get_context_data(**kwargs)
        request, user, student = self.request, self.request.user, self.object
        staff = can_read_case_as_staff(user, student)
        own = not staff and is_own_case(user, student)
        tab = "documents" if staff and request.GET.get("tab") == "documents" else "case"
        level = "staff" if staff else ("own" if own else "teaching")
        context.update(
            level=level,
            tab=tab,
            show_health=staff and tab == "case" and can_view_health(user, student),
            can_assign=can_assign_cases(user),
        )
        if staff or level == "teaching":
            context["emergency"] = self._log_read(student, context["show_health"])
        context["content"] = data_version.kept(
            request,
            ["case", student.pk, request.GET.urlencode()],
            lambda: render_to_string(
                "students/student_detail_content.html", self._content(context), request
            ),
            until=lambda: case_access_of_row_until(user, student),
        )
        return context

    def _content(self, context) -> dict:
        user, student = self.request.user, self.object
        context = dict(context)
        level, tab = context["level"], context["tab"]
        if level == "own":
            context.update(_own_part(student))
            context["panels"] = panels_for(OWN_PAGE, student)
        elif level == "teaching":
            context["teaching"] = list(teaching_for(user, student))
        elif tab == "documents":
            context["panels"] = panels_for(DOCUMENTS_TAB, student)
        else:
            context.update(self._staff_case_part(student, context["can_assign"]))
        if level == "staff":
            context["case_actions"] = actions_for(user, student)
        if level in ("staff", "own"):
            context["consent_withdrawn"] = processing_stopped(student)
        if context["show_health"]:
            context["health"] = _health_of(user, student)
        return context

    def _staff_case_part(self, student, can_assign: bool) -> dict:
        part = {
            "courses": list(courses_of(student)),
            "assignments": list(active_assignments(student)),
            "representatives": compiled.children(student, LegalRepresentative, "student"),
        }
        if can_assign:
            part["assign_form"] = CaseAssignForm(
                student=student, search=self.request.GET.get("specialist_q", "")
            )
        return part

    def _log_read(self, student, show_health: bool):
        """One read, one entry: the health profile's view when it was shown; under an
        emergency access the entry carries its reason."""
        emergency = (
            EmergencyAccess.objects.get(pk=student._emergency)
            if student._emergency is not None
            else None
        )
        access_log(
            request=self.request,
            action=AccessEvent.Action.HEALTH_VIEW if show_health else AccessEvent.Action.CASE_VIEW,
            student=student,
            obj=_health_row(self.request.user, student) if show_health else None,
            reason=emergency.reason if emergency else "",
        )
        return emergency


def _own_part(student) -> dict:
    """The student's and representative's page: courses, and who can see the record
    besides the teachers listed with the courses — every representative the head
    confirmed (#28, finding 1). The apps above add their panels (students/panels.py)."""
    return {
        "courses": list(courses_of(student)),
        "assignments": list(active_assignments(student)),
        "representatives": list(student.representatives.exclude(user=None).select_related("user")),
    }


def _health_row(user, student):
    """The health profile: read with the student for centre staff (get_queryset)."""
    if is_centre_staff(user):
        return getattr(student, "health_profile", None)
    return HealthProfile.objects.filter(student=student).first()


def _health_of(user, student):
    """The health profile with `categories`: its categories of special educational needs,
    their SQL kept per profile (eagi_inclusion.compiled)."""
    health = _health_row(user, student)
    if health is not None:
        through = HealthProfile.need_categories.through
        health.categories = [
            link.needcategory
            for link in compiled.rows(
                ("health profile's categories", health.pk),
                lambda: (
                    through.objects.filter(healthprofile=health.pk)
                    .select_related("needcategory")
                    .order_by(*(f"needcategory__{name}" for name in NeedCategory._meta.ordering))
                ),
            )
        ]
    return health


@login_required
def health_profile_edit(request, pk):
    """Centre staff working on the case edit its confidential health profile."""
    student = get_object_or_404(student_list_visible_to(request.user), pk=pk)
    if not (can_view_health(request.user, student) and can_work_on_case(request.user, student)):
        raise PermissionDenied
    profile = HealthProfile.objects.filter(student=student).first() or HealthProfile(
        student=student
    )
    form = HealthProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            health_profile_update(student=student, actor=request.user, data=form.cleaned_data)
        except CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The health profile is saved."))
            return redirect(student)
    if request.method == "GET":
        access_log(
            request=request, action=AccessEvent.Action.HEALTH_VIEW, student=student, obj=profile
        )
    return render(request, "students/healthprofile_form.html", {"student": student, "form": form})


@require_POST
@login_required
def case_assign_view(request, pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=pk)
    if not can_assign_cases(request.user):
        raise PermissionDenied
    form = CaseAssignForm(request.POST, student=student)
    if form.is_valid():
        try:
            case_assign(
                student=student, specialist=form.cleaned_data["specialist"], actor=request.user
            )
        except CaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is assigned to the case.")
                % {"name": form.cleaned_data["specialist"].get_full_name()},
            )
    else:
        messages.error(request, _("Choose a specialist from the list."))
    return redirect(student)


@login_required
def case_unassign_view(request, pk, user_pk):
    """GET: a confirmation; POST: the specialist leaves the case (and its rights)."""
    student = get_object_or_404(student_list_visible_to(request.user), pk=pk)
    if not can_assign_cases(request.user):
        raise PermissionDenied
    specialist = get_object_or_404(User, pk=user_pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Take %(name)s off the case") % {"name": specialist.get_full_name()},
            question=_("%(name)s will no longer see or work on the case of %(student)s.")
            % {"name": specialist.get_full_name(), "student": student.full_name},
            confirm_label=_("Take off the case"),
            back=student.get_absolute_url(),
        )
    try:
        case_unassign(student=student, specialist=specialist, actor=request.user)
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s no longer works on the case.") % {"name": specialist.get_full_name()},
        )
    return redirect(student)


@login_required
def access_history(request, pk):
    """ "Who viewed my data": every logged read of a student's record, for the student
    and their representative (and the centre head)."""

    student = get_object_or_404(Student, pk=pk)
    if not (is_own_case(request.user, student) or has_global_case_access(request.user)):
        raise Http404
    events = (
        AccessEvent.objects.filter(student=student)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
    )
    page = BoundedPaginator(events, 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.role_labels = role_labels(event.role.split(","))
    return render(request, "students/access_history.html", {"student": student, "page_obj": page})
