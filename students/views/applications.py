"""Applications for inclusive-education conditions, as the applicant and the centre
see them: submitting, following, withdrawing, resubmitting, the supporting
documents and the application form as PDF."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from documents.access_log import access_log
from documents.downloads import upload_name
from documents.models import AccessEvent
from documents.texts import Text, ready_languages
from eagi_inclusion.pagination import BoundedPaginator

from .. import consent as consent_text
from .. import notifications
from ..applications import (
    ApplicationAlreadyOpen,
    ApplicationError,
    active_consent,
    applicant_kind,
    application_resubmit,
    application_start_assessment,
    application_submit,
    application_withdraw,
)
from ..filters import ApplicationFilter
from ..forms import ApplicationForm, CaseAssignForm, ResubmitForm
from ..forms_pdf import APPLICATION_TEXTS
from ..models import Application, ApplicationAttachment
from ..permissions import (
    can_assign_cases,
    can_read_supporting_documents,
    can_work_on_case,
    is_centre_staff,
    is_teacher,
)
from ..selectors import (
    application_list_visible_to,
    students_user_may_apply_for,
)
from ..services import CaseError, case_assign
from ..workflow import next_status, timeline

# Who may see what:
# - create: a student (for themself), a legal representative (for the represented
#   student), a teacher (for a student they teach this period); others 403;
# - list and detail: `application_list_visible_to` (others 404);
# - attachments: the same people, except teachers (health content); each download logged;
# - start the assessment: the centre head; withdraw: the applicant or the student.


@login_required
def application_create(request):
    kind = applicant_kind(request.user)
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
    is_teacher_request = application.submitted_by_id == user.pk and is_teacher(user)
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
        "can_write_texts": staff and can_work_on_case(user, application.student),
        # Only the languages the form can be had in (#28, finding 16).
        "pdf_languages": ready_languages(
            [Text("", application, field) for field in APPLICATION_TEXTS],
            application.document_language,
        ),
    }
    if context["can_start"]:
        context["assign_form"] = CaseAssignForm(
            student=application.student, search=request.GET.get("specialist_q", "")
        )
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
@require_POST
def application_texts_wanted(request, pk):
    """The applicant asks for the form in the language its texts are not written in
    yet: the centre's staff on the case are told (#28, finding 16)."""
    application = get_object_or_404(application_list_visible_to(request.user), pk=pk)
    language = application.other_text_language
    ready = ready_languages(
        [Text("", application, field) for field in APPLICATION_TEXTS],
        application.document_language,
    )
    if language not in ready:
        with transaction.atomic():
            notifications.texts_wanted(
                student=application.student,
                document=application.register_entry.number,
                url=reverse("documents:texts-edit", args=["application", pk, language]),
                language=language,
                actor=request.user,
            )
        messages.success(
            request, _("The centre is told. You will find the form here once it is ready.")
        )
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
    if not can_read_supporting_documents(request.user):
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
        filename=upload_name(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
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
