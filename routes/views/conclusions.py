"""Assessments and the centre's conclusions: drafting, issuing, correcting, the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.access_log import access_log
from documents.ecp import policy as ecp_policy
from documents.models import AccessEvent
from eagi_inclusion.views import confirm_page

from .. import services
from ..filters import ConclusionFilter
from ..forms import AssessmentForm, ConclusionForm
from ..models import Conclusion
from ..selectors import conclusion_list_visible_to
from ..services import RouteError
from ..workflow import conclusion_actions
from .common import CaseStaffList, case_for_staff, form_page


@login_required
def assessment_create(request, student_pk):
    student = case_for_staff(request, student_pk)
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.assessment_create(student=student, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The assessment is recorded."))
        return redirect(student)
    return form_page(request, _("New assessment"), form, student.get_absolute_url())


@login_required
def conclusion_create(request, student_pk):
    student = case_for_staff(request, student_pk)
    form = ConclusionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conclusion = services.conclusion_save(
            student=student,
            actor=request.user,
            analysis=form.cleaned_data["analysis"],
            adaptations=form.adaptations(),
        )
        messages.success(request, _("The draft conclusion is saved."))
        return redirect(conclusion)
    return form_page(request, _("New centre conclusion"), form, student.get_absolute_url())


def conclusion_for_staff(request, pk, *, shown: bool = False):
    """The conclusion, for centre staff on its case. `shown`: the page displays its
    content, so the read is written to the access log here, where it is loaded, and no
    view that shows it can forget (tests/test_health_reads.py)."""
    conclusion = get_object_or_404(
        Conclusion.objects.select_related("student", "register_entry", "drafted_by", "issued_by"),
        pk=pk,
    )
    case_for_staff(request, conclusion.student_id)
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
    conclusion = conclusion_for_staff(request, pk, shown=True)
    actions = conclusion_actions(conclusion, request.user)
    return render(
        request,
        "routes/conclusion_detail.html",
        {
            "conclusion": conclusion,
            "adaptations": list(conclusion.adaptations.select_related("adaptation_type")),
            "can_issue": "issue" in actions,
            "can_edit": "edit" in actions,
            "can_submit": "submit" in actions,
            "can_correct": "correct" in actions,
        },
    )


@login_required
def conclusion_edit(request, pk):
    conclusion = conclusion_for_staff(request, pk, shown=True)
    form = ConclusionForm(
        request.POST if request.method == "POST" else None,
        initial={"analysis": conclusion.analysis},
        current={a.adaptation_type_id: a.detail for a in conclusion.adaptations.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conclusion_save(
                student=conclusion.student,
                actor=request.user,
                analysis=form.cleaned_data["analysis"],
                adaptations=form.adaptations(),
                conclusion=conclusion,
            )
        except RouteError as error:
            messages.error(request, str(error))
        return redirect(conclusion)
    return form_page(request, _("Edit the conclusion"), form, conclusion.get_absolute_url())


@require_POST
@login_required
def conclusion_submit(request, pk):
    """The case's specialist sends the draft to the head to be issued."""
    conclusion = conclusion_for_staff(request, pk)
    try:
        services.conclusion_submit(conclusion=conclusion, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The conclusion is sent to the head of the centre."))
    return redirect(conclusion)


@login_required
def conclusion_issue(request, pk):
    """GET: a confirmation; POST: the head issues the conclusion and it is registered."""
    conclusion = conclusion_for_staff(request, pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Issue the conclusion"),
            question=_(
                "Issued, the conclusion on %(student)s is registered and frozen; a later "
                "change is a corrected version."
            )
            % {"student": conclusion.student.full_name},
            confirm_label=_("Issue and register"),
            back=conclusion.get_absolute_url(),
            sign_url=reverse("routes:decision-sign", args=["conclusion_issue", conclusion.pk]),
            sign_policy=ecp_policy("conclusion_issue"),
        )
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
    conclusion = conclusion_for_staff(request, pk)
    try:
        new = services.conclusion_correct(conclusion=conclusion, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
        return redirect(conclusion)
    return redirect(new)


class ConclusionListView(CaseStaffList):
    filterset_class = ConclusionFilter
    template_name = "routes/conclusion_list.html"
    context_object_name = "conclusions"

    def get_queryset(self):
        return conclusion_list_visible_to(self.request.user).order_by("-created_at", "-pk")
