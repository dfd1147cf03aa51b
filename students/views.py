"""Student records. Who may see what (docs/access-model.md):

- list and detail: only students returned by `student_list_visible_to` (others: 404);
- health profile: `can_view_health` (assigned centre staff, centre head); each read logged;
- assigning specialists: `can_assign_cases` (centre head).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from documents.access_log import access_log
from documents.models import AccessEvent

from .filters import StudentFilter
from .forms import CaseAssignForm, HealthProfileForm
from .models import HealthProfile, User
from .permissions import can_assign_cases, can_view_health, can_work_on_case, is_centre_staff
from .roles import Role, has_role
from .selectors import active_assignments, courses_of, student_list_visible_to, teaching_for
from .services import CaseError, case_assign, case_unassign, health_profile_update


class StudentListView(LoginRequiredMixin, FilterView):
    """Centre staff and teachers: the students they may open."""

    filterset_class = StudentFilter
    template_name = "students/student_list.html"
    paginate_by = 25
    context_object_name = "students"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_role(
            request.user, Role.SPECIALIST, Role.CENTRE_HEAD, Role.TEACHER
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return student_list_visible_to(self.request.user).order_by("last_name", "first_name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_iin"] = is_centre_staff(self.request.user)
        return context


class StudentDetailView(LoginRequiredMixin, DetailView):
    """One case. Each visitor sees the part their relation to the student allows."""

    template_name = "students/student_detail.html"
    context_object_name = "student"

    def get_queryset(self):
        return student_list_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, student = self.request.user, self.object
        staff = is_centre_staff(user) and can_work_on_case(user, student)
        own = student.user_id == user.pk or student.representatives.filter(user=user).exists()
        context.update(
            level="staff" if staff else ("own" if own else "teaching"),
            show_health=staff and can_view_health(user, student),
            can_assign=can_assign_cases(user),
        )
        if context["level"] == "teaching":
            context["teaching"] = list(teaching_for(user, student))
        else:
            context["courses"] = list(courses_of(student))
        if staff:
            context["assignments"] = list(active_assignments(student))
            context["representatives"] = list(student.representatives.all())
            access_log(request=self.request, action=AccessEvent.Action.CASE_VIEW, student=student)
        if context["show_health"]:
            profile = (
                HealthProfile.objects.filter(student=student)
                .prefetch_related("need_categories")
                .first()
            )
            context["health"] = profile
            access_log(
                request=self.request,
                action=AccessEvent.Action.HEALTH_VIEW,
                student=student,
                obj=profile,
            )
        if context["can_assign"]:
            context["assign_form"] = CaseAssignForm(student=student)
        return context


@login_required
def health_profile_edit(request, pk):
    """Centre staff working on the case edit its confidential health profile."""
    student = get_object_or_404(student_list_visible_to(request.user), pk=pk)
    if not (can_view_health(request.user, student) and can_work_on_case(request.user, student)):
        raise PermissionDenied
    profile = HealthProfile.objects.filter(student=student).first() or HealthProfile(
        student=student
    )
    form = HealthProfileForm(request.POST or None, instance=profile)
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


@require_POST
@login_required
def case_unassign_view(request, pk, user_pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=pk)
    if not can_assign_cases(request.user):
        raise PermissionDenied
    specialist = get_object_or_404(User, pk=user_pk)
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
