"""The registry's desk: paper applications, the register of applications, and the
registry's decisions (return for completion, decline)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from eagi_inclusion.pagination import BoundedPaginator

from ..applications import (
    ApplicationError,
    application_decline,
    application_return,
    application_submit,
)
from ..filters import ApplicationFilter
from ..forms import DecisionForm, PaperApplicationForm
from ..models import Application, ApplicationAttachment
from ..permissions import can_assign_cases, can_register_paper_applications
from ..selectors import application_list_visible_to


def _require_registry(user):
    if not can_register_paper_applications(user):
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
