"""Student records. Who may see what (docs/access-model.md):

- list and detail: only students returned by `student_list_visible_to` (others: 404);
- health profile: `can_view_health` (assigned centre staff, centre head); each read logged;
- assigning specialists: `can_assign_cases` (centre head).
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_filters.views import FilterView

from documents.access_log import access_log
from documents.forms import DisclosureForm
from documents.models import AccessEvent, Disclosure
from documents.privacy import disclosure_record
from eagi_inclusion.pagination import BoundedPaginator
from eagi_inclusion.roles import Role, has_role

from . import consent as consent_text
from .applications import (
    ApplicationAlreadyOpen,
    ApplicationError,
    active_consent,
    application_decline,
    application_resubmit,
    application_return,
    application_start_assessment,
    application_submit,
    application_withdraw,
    consent_withdraw,
)
from .filters import ApplicationFilter, StudentFilter
from .forms import (
    ApplicationForm,
    CaseAssignForm,
    DecisionForm,
    HealthProfileForm,
    PaperApplicationForm,
    ResubmitForm,
)
from .forms_pdf import issue_application_pdf
from .models import (
    Application,
    ApplicationAttachment,
    CaseAssignment,
    Consent,
    EmergencyAccess,
    HealthProfile,
    Student,
    User,
)
from .permissions import (
    can_assign_cases,
    can_read_case_as_staff,
    can_view_health,
    can_work_on_case,
    has_global_case_access,
    is_centre_staff,
    may_break_the_glass,
)
from .selectors import (
    active_assignments,
    application_list_visible_to,
    courses_of,
    remember_case_access_of,
    student_list_visible_to,
    students_user_may_apply_for,
    teaching_for,
    with_case_access,
)
from .services import (
    CaseError,
    case_assign,
    case_unassign,
    emergency_access_grant,
    health_profile_update,
)
from .workflow import next_status, timeline


class StudentListView(LoginRequiredMixin, FilterView):
    """Centre staff and teachers: the students they may open."""

    filterset_class = StudentFilter
    template_name = "students/student_list.html"
    paginate_by = 25
    paginator_class = BoundedPaginator
    context_object_name = "students"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_role(
            request.user, Role.SPECIALIST, Role.CENTRE_HEAD, Role.TEACHER
        ):
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
        students = student_list_visible_to(user)
        if not user.is_authenticated:
            return students
        # What the permission checks need comes with the student.
        students = with_case_access(students, user)
        if is_centre_staff(user):
            students = students.select_related("health_profile")
        return students

    def get_object(self, queryset=None):
        student = super().get_object(queryset)
        remember_case_access_of(self.request.user, student, student)
        return student

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, student = self.request.user, self.object
        staff = can_read_case_as_staff(user, student)
        own = not staff and (
            student.user_id == user.pk or student.representatives.filter(user=user).exists()
        )
        tab = "documents" if staff and self.request.GET.get("tab") == "documents" else "case"
        context.update(
            level="staff" if staff else ("own" if own else "teaching"),
            tab=tab,
            show_health=staff and tab == "case" and can_view_health(user, student),
            can_assign=can_assign_cases(user),
        )
        # The student and the representative see routes once approved; staff see
        # every version. Teachers reach a route only through their own sections.
        if context["level"] == "own" or tab == "documents":
            routes = student.routes.select_related("period__academic_year")
            if context["level"] == "own":
                routes = routes.filter(status__in=["active", "closed", "superseded"])
            context["routes"] = list(routes.order_by("-created_at"))
        if context["level"] == "teaching":
            context["teaching"] = list(teaching_for(user, student))
        elif tab == "case":
            context["courses"] = list(courses_of(student))
        if staff and tab == "documents":
            context["assessments"] = list(student.assessments.select_related("specialist"))
            context["conclusions"] = list(student.conclusions.select_related("register_entry"))
            context["protocols"] = list(student.protocols.select_related("register_entry"))
        if staff and tab == "case":
            context["assignments"] = list(active_assignments(student))
            context["representatives"] = list(student.representatives.all())
            if context["can_assign"]:
                context["assign_form"] = CaseAssignForm(student=student)
        if context["show_health"]:
            health = (
                getattr(student, "health_profile", None)
                if is_centre_staff(user)
                else (HealthProfile.objects.filter(student=student).first())
            )
            if health is not None:
                prefetch_related_objects([health], "need_categories")
            context["health"] = health
        # One read, one entry: the health profile's view when it was shown; under an
        # emergency access the entry carries its reason.
        if staff or context["level"] == "teaching":
            emergency = (
                EmergencyAccess.objects.get(pk=student._emergency)
                if student._emergency is not None
                else None
            )
            context["emergency"] = emergency
            access_log(
                request=self.request,
                action=AccessEvent.Action.HEALTH_VIEW
                if context["show_health"]
                else AccessEvent.Action.CASE_VIEW,
                student=student,
                obj=context.get("health"),
                reason=emergency.reason if emergency else "",
            )
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


# --- Applications ---------------------------------------------------------------
# Who may see what:
# - create: a student (for themself), a legal representative (for the represented
#   student), a teacher (for a student they teach this period); others 403;
# - list and detail: `application_list_visible_to` (others 404);
# - attachments: the same people, except teachers (health content); each download logged;
# - start the assessment: the centre head; withdraw: the applicant or the student.


def _applicant_kind(user):
    if has_role(user, Role.STUDENT):
        return Application.ApplicantKind.STUDENT
    if has_role(user, Role.REPRESENTATIVE):
        return Application.ApplicantKind.REPRESENTATIVE
    if has_role(user, Role.TEACHER):
        return Application.ApplicantKind.TEACHER
    return None


@login_required
def application_create(request):
    kind = _applicant_kind(request.user)
    if kind is None:
        raise PermissionDenied
    students = students_user_may_apply_for(request.user)
    chosen = students.filter(pk=request.POST.get("student") or request.GET.get("student")).first()
    chosen = chosen or students.first()
    if chosen is None:
        messages.error(request, _("There is no student you can apply for."))
        return redirect("home")
    consent_needed = active_consent(chosen) is None
    can_consent = kind != Application.ApplicantKind.TEACHER
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        students=students,
        consent_needed=consent_needed,
        can_consent=can_consent,
        initial={
            "student": chosen.pk,
            "submission_token": uuid.uuid4(),
            "document_language": chosen.document_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in ApplicationForm.Meta.fields}
        try:
            application = application_submit(
                actor=request.user,
                student=form.cleaned_data["student"],
                applicant_kind=kind,
                data=data,
                files=form.cleaned_data["checked_files"],
                token=form.cleaned_data["submission_token"],
                consent_given=form.cleaned_data.get("consent", False),
            )
        except ApplicationAlreadyOpen as error:
            if application_list_visible_to(request.user).filter(pk=error.application.pk).exists():
                messages.info(request, str(error))
                return redirect(error.application)
            form.add_error(None, str(error))
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your application is registered under number %(number)s.")
                % {"number": application.register_entry.number},
            )
            return redirect(application)
    return render(
        request,
        "students/application_form.html",
        {
            "form": form,
            "student": chosen,
            "consent_needed": consent_needed,
            "can_consent": can_consent,
            "consent_text": consent_text,
        },
    )


class ApplicationListView(LoginRequiredMixin, FilterView):
    filterset_class = ApplicationFilter
    template_name = "students/application_list.html"
    paginate_by = 25
    paginator_class = BoundedPaginator
    context_object_name = "applications"

    def get_queryset(self):
        return application_list_visible_to(self.request.user).order_by("-submitted_at", "-pk")


@login_required
def application_detail(request, pk):
    application = get_object_or_404(application_list_visible_to(request.user), pk=pk)
    user = request.user
    staff = is_centre_staff(user)
    is_teacher_request = application.submitted_by_id == user.pk and has_role(user, Role.TEACHER)
    context = {
        "application": application,
        "events": list(application.events.select_related("actor")),
        "timeline": timeline(application),
        "attachments": []
        if is_teacher_request and not staff
        else list(application.attachments.all()),
        "can_withdraw": next_status(application.status, "withdraw") is not None
        and (application.submitted_by_id == user.pk or application.student.user_id == user.pk),
        "can_start": can_assign_cases(user)
        and next_status(application.status, "start_assessment") is not None,
        "can_return": can_assign_cases(user)
        and next_status(application.status, "return") is not None,
        "can_decline": can_assign_cases(user)
        and next_status(application.status, "decline") is not None,
        "can_resubmit": next_status(application.status, "resubmit") is not None
        and (application.submitted_by_id == user.pk or application.student.user_id == user.pk),
        "consent_withdrawn": staff and active_consent(application.student) is None,
    }
    if context["can_start"]:
        context["assign_form"] = CaseAssignForm(student=application.student)
    if staff:
        access_log(
            request=request,
            action=AccessEvent.Action.APPLICATION_VIEW,
            student=application.student,
            obj=application,
        )
    return render(request, "students/application_detail.html", context)


def _require_applicant(request, application) -> None:
    user = request.user
    if application.submitted_by_id != user.pk and application.student.user_id != user.pk:
        raise PermissionDenied


@login_required
def application_withdraw_view(request, pk):
    application = get_object_or_404(application_list_visible_to(request.user), pk=pk)
    _require_applicant(request, application)
    if request.method == "POST":
        try:
            application_withdraw(
                application=application,
                actor=request.user,
                comment=request.POST.get("comment", "")[:2000],
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The application is withdrawn."))
        return redirect(application)
    return render(request, "students/application_withdraw.html", {"application": application})


@require_POST
@login_required
def application_start_view(request, pk):
    """The centre head assigns a specialist and the assessment begins."""
    application = get_object_or_404(application_list_visible_to(request.user), pk=pk)
    if not can_assign_cases(request.user):
        raise PermissionDenied
    form = CaseAssignForm(request.POST, student=application.student)
    if not form.is_valid():
        messages.error(request, _("Choose a specialist from the list."))
        return redirect(application)
    try:
        with transaction.atomic():
            case_assign(
                student=application.student,
                specialist=form.cleaned_data["specialist"],
                actor=request.user,
            )
            application_start_assessment(application=application, actor=request.user)
    except (ApplicationError, CaseError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The specialist is assigned and the assessment has started."))
    return redirect(application)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application__student"), pk=pk
    )
    application = attachment.application
    visible = application_list_visible_to(request.user).filter(pk=application.pk).exists()
    if not visible:
        raise Http404
    if has_role(request.user, Role.TEACHER) and not is_centre_staff(request.user):
        raise PermissionDenied
    access_log(
        request=request,
        action=AccessEvent.Action.FILE_DOWNLOAD,
        student=application.student,
        obj=attachment,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def _require_registry(user):
    if not has_role(user, Role.REGISTRY):
        raise PermissionDenied


@login_required
def paper_application_create(request):
    """Registry clerk: register a paper application received at the office."""
    _require_registry(request.user)
    form = PaperApplicationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"submission_token": uuid.uuid4(), "document_language": "kk"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = application_submit(
                actor=request.user,
                student=form.student,
                applicant_kind=data["applicant_kind"],
                data={
                    "difficulties": data["difficulties"],
                    "conditions_requested": data["conditions_requested"],
                    "preferred_contact": Application.Contact.IN_PERSON,
                    "contact_detail": "",
                    "document_language": data["document_language"],
                    "delivered_by": data["delivered_by"],
                    "received_at": data["received_at"],
                },
                files=data["checked_files"],
                token=data["submission_token"],
                consent_given=data["consent_on_paper"],
                channel=Application.Channel.PAPER,
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The paper application is registered under number %(number)s.")
                % {"number": application.register_entry.number},
            )
            return redirect("students:registry-list")
    return render(request, "students/paper_application_form.html", {"form": form})


class RegistryListView(LoginRequiredMixin, FilterView):
    """Registry clerk: registration data of every application, never its content."""

    filterset_class = ApplicationFilter
    template_name = "students/registry_list.html"
    paginate_by = 25
    paginator_class = BoundedPaginator
    context_object_name = "applications"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require_registry(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Application.objects.select_related(
                "register_entry", "student__study_group", "submitted_by"
            )
            .only(
                "pk",
                "status",
                "channel",
                "applicant_kind",
                "delivered_by",
                "received_at",
                "submitted_at",
                "register_entry__number",
                "register_entry__registered_at",
                "student__last_name",
                "student__first_name",
                "student__patronymic",
                "student__full_name_ru",
                "student__study_group__code",
                "submitted_by__last_name",
                "submitted_by__first_name",
                "submitted_by__patronymic",
                "submitted_by__full_name_ru",
                "submitted_by__username",
            )
            .prefetch_related(
                Prefetch(
                    "attachments",
                    queryset=ApplicationAttachment.objects.only("pk", "application_id", "kind"),
                )
            )
            .order_by("-submitted_at", "-pk")
        )


DECISIONS = {"return": application_return, "decline": application_decline}


@login_required
def application_decide(request, pk, action):
    """Centre head: return for more information, or decline, with a reason."""
    if action not in DECISIONS:
        raise Http404
    application = get_object_or_404(application_list_visible_to(request.user), pk=pk)
    if not can_assign_cases(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            DECISIONS[action](
                application=application, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The decision is recorded and the applicant is told."))
        return redirect(application)
    return render(
        request,
        "students/application_decide.html",
        {"application": application, "form": form, "action": action},
    )


@login_required
def application_resubmit_view(request, pk):
    application = get_object_or_404(application_list_visible_to(request.user), pk=pk)
    _require_applicant(request, application)
    form = ResubmitForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application_resubmit(
                application=application,
                actor=request.user,
                comment=form.cleaned_data["comment"],
                files=form.cleaned_data["checked_files"],
            )
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The application is sent back to the centre."))
            return redirect(application)
    return render(
        request, "students/application_resubmit.html", {"application": application, "form": form}
    )


@login_required
def consent_list(request):
    """The student and their representatives see the consents given and may withdraw."""
    students = Student.objects.filter(
        Q(user=request.user) | Q(representatives__user=request.user)
    ).distinct()
    consents = (
        Consent.objects.filter(student__in=students)
        .select_related("student", "given_by", "withdrawn_by")
        .order_by("-given_at")
    )
    return render(request, "students/consent_list.html", {"consents": consents})


@require_POST
@login_required
def consent_withdraw_view(request, pk):
    consent = get_object_or_404(
        Consent.objects.filter(
            Q(student__user=request.user) | Q(student__representatives__user=request.user)
        ).distinct(),
        pk=pk,
    )
    try:
        consent_withdraw(consent=consent, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Your consent is withdrawn. The centre stops processing your applications."),
        )
    return redirect("students:consent-list")


@login_required
def application_pdf(request, pk):
    """The registered application on the official form (not for teachers' view of
    others' content: the same visibility as the application page)."""
    application = get_object_or_404(application_list_visible_to(request.user), pk=pk)
    language = request.GET.get("language") or application.document_language
    if language not in ("kk", "ru"):
        language = application.document_language
    variant = "large" if request.GET.get("variant") == "large" else "standard"
    issued = issue_application_pdf(
        application=application, actor=request.user, language=language, variant=variant
    )
    access_log(
        request=request,
        action=AccessEvent.Action.FILE_DOWNLOAD,
        student=application.student,
        obj=issued,
    )
    return FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=f"{application.register_entry.number}-{language}.pdf",
        content_type="application/pdf",
    )


@login_required
def access_history(request, pk):
    """ "Who viewed my data": every logged read of a student's record, for the student
    and their representative (and the centre head)."""

    student = get_object_or_404(Student, pk=pk)
    own = (
        student.user_id == request.user.pk
        or student.representatives.filter(user=request.user).exists()
    )
    if not (own or has_global_case_access(request.user)):
        raise Http404
    events = (
        AccessEvent.objects.filter(student=student)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
    )
    page = BoundedPaginator(events, 50).get_page(request.GET.get("page"))
    role_names = dict(Role.choices)
    for event in page.object_list:
        event.role_labels = [str(role_names.get(r, r)) for r in event.role.split(",") if r]
    return render(request, "students/access_history.html", {"student": student, "page_obj": page})


# --- Disclosures to third parties: the centre head -------------------------------


@login_required
def disclosure_list(request):
    if not request.user.has_perm("documents.view_disclosure"):
        raise PermissionDenied
    disclosures = Disclosure.objects.select_related("register_entry", "student", "authorised_by")[
        :500
    ]
    return render(request, "students/disclosure_list.html", {"disclosures": disclosures})


@login_required
def disclosure_create(request, pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=pk)
    if not request.user.has_perm("documents.add_disclosure"):
        raise PermissionDenied
    form = DisclosureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        disclosure = disclosure_record(student=student, actor=request.user, data=form.cleaned_data)
        messages.success(
            request,
            _("The disclosure is registered under number %(number)s.")
            % {"number": disclosure.register_entry.number},
        )
        return redirect("students:disclosure-list")
    return render(request, "students/disclosure_form.html", {"student": student, "form": form})


# --- Emergency access ("break the glass") --------------------------------------


class EmergencyForm(forms.Form):
    iin = forms.CharField(label=gettext_lazy("IIN of the student"), max_length=12)
    reason = forms.CharField(
        label=gettext_lazy("Why you need this case now"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Recorded, and reviewed by the head of the centre."),
    )


@login_required
def emergency_access(request):
    if not may_break_the_glass(request.user):
        raise PermissionDenied
    form = EmergencyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        student = Student.objects.filter(iin=form.cleaned_data["iin"].strip()).first()
        if student is None:
            form.add_error("iin", _("There is no student with this IIN."))
        else:
            try:
                grant = emergency_access_grant(
                    student=student, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except CaseError as error:
                form.add_error("reason", str(error))
            else:
                access_log(
                    request=request,
                    action=AccessEvent.Action.EMERGENCY,
                    student=student,
                    obj=grant,
                    reason=grant.reason,
                )
                messages.warning(
                    request,
                    _("Emergency access until %(time)s. It is recorded for review.")
                    % {"time": timezone.localtime(grant.expires_at).strftime("%H:%M")},
                )
                return redirect(student)
    return render(request, "students/emergency_form.html", {"form": form})


@login_required
def emergency_review(request):
    """The head reviews every emergency access."""
    if not can_assign_cases(request.user):
        raise PermissionDenied
    if request.method == "POST":
        EmergencyAccess.objects.filter(
            pk=request.POST.get("grant"), reviewed_at__isnull=True
        ).update(reviewed_by=request.user, reviewed_at=timezone.now())
        return redirect("students:emergency-review")
    grants = EmergencyAccess.objects.select_related("user", "student", "reviewed_by")[:200]
    return render(request, "students/emergency_review.html", {"grants": grants})
