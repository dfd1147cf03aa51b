"""Personal data: consents, disclosures to third parties, emergency access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.access_log import access_log
from documents.forms import DisclosureForm
from documents.models import AccessEvent, Disclosure
from documents.permissions import can_record_disclosures, can_view_disclosures
from documents.privacy import disclosure_record
from documents.texts import other_language, ready_languages
from eagi_inclusion.views import confirm_page

from ..applications import ApplicationError
from ..consents import consent_give_again, consent_withdraw
from ..forms import EmergencyForm
from ..forms_pdf import disclosure_form
from ..models import Consent, EmergencyAccess, Student
from ..permissions import can_assign_cases, may_break_the_glass
from ..selectors import student_list_visible_to
from ..services import CaseError, emergency_access_grant, emergency_access_review


@login_required
def consent_list(request):
    """The student and their representatives see the consents given and may withdraw."""
    students = Student.objects.filter(
        Q(user=request.user) | Q(representatives__user=request.user)
    ).distinct()
    consents = list(
        Consent.objects.filter(student__in=students)
        .select_related("student", "given_by", "withdrawn_by")
        .order_by("-given_at", "-pk")
    )
    # Whose latest consent is withdrawn: they may consent again (processing_stopped).
    latest = {}
    for consent in consents:
        latest.setdefault(consent.student_id, consent)
    stopped = [c.student for c in latest.values() if c.withdrawn_at is not None]
    return render(request, "students/consent_list.html", {"consents": consents, "stopped": stopped})


@require_POST
@login_required
def consent_give_again_view(request, student_pk):
    student = get_object_or_404(
        Student.objects.filter(
            Q(user=request.user) | Q(representatives__user=request.user)
        ).distinct(),
        pk=student_pk,
    )
    consent_give_again(student=student, actor=request.user)
    messages.success(request, _("Thank you: the consent is given and the centre's work goes on."))
    return redirect("students:consent-list")


@login_required
def consent_withdraw_view(request, pk):
    """GET: what withdrawing means, and the button; POST: withdraw."""
    consent = get_object_or_404(
        Consent.objects.filter(
            Q(student__user=request.user) | Q(student__representatives__user=request.user)
        ).distinct(),
        pk=pk,
    )
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Withdraw your consent"),
            question=_(
                "The centre will stop processing your personal data: your open applications "
                "stop, and no new assessment or route is made until you consent again."
            ),
            confirm_label=_("Withdraw my consent"),
            back=reverse("students:consent-list"),
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
def disclosure_list(request):
    if not can_view_disclosures(request.user):
        raise PermissionDenied
    disclosures = list(
        Disclosure.objects.select_related(
            "register_entry", "student__study_group", "authorised_by"
        )[:500]
    )
    for item in disclosures:
        # The official form: in its own language, and in the other once its texts are
        # written there (the head writes them on the texts page).
        form = disclosure_form(item)
        item.languages = ready_languages(form.texts, form.text_language)
        item.other_language = other_language(item.text_language)
    return render(request, "students/disclosure_list.html", {"disclosures": disclosures})


@login_required
def disclosure_create(request, pk):
    student = get_object_or_404(student_list_visible_to(request.user), pk=pk)
    if not can_record_disclosures(request.user):
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
        grant = request.POST.get("grant", "")
        if grant.isdigit():
            emergency_access_review(access_id=int(grant), actor=request.user)
        return redirect("students:emergency-review")
    grants = EmergencyAccess.objects.select_related("user", "student", "reviewed_by")[:200]
    return render(request, "students/emergency_review.html", {"grants": grants})
