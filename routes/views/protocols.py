"""Meeting protocols of the centre's commission: recording, signing, the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from documents.access_log import access_log
from documents.ecp import policy as ecp_policy
from documents.models import AccessEvent
from eagi_inclusion.views import confirm_page
from students.selectors import centre_staff_accounts

from .. import services
from ..filters import ProtocolFilter
from ..forms import ProtocolForm
from ..models import MeetingProtocol, RouteStatus
from ..selectors import protocol_list_visible_to
from ..services import RouteError
from ..workflow import protocol_actions
from .common import CaseStaffList, case_for_staff, form_page


def _attendees(student, cleaned) -> list:
    """(kind, account or None, name) of everyone who took part, each once and as what
    they are (#30, item 13: the secretary was missing, the student was "external")."""
    team = [cleaned["chair"], cleaned.get("secretary"), *cleaned["staff_present"]]
    attendees, seen = [], set()
    for person in team:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            attendees.append(("centre", person, ""))
    if cleaned["student_present"]:
        attendees.append(("student", student.user, student.full_name))
    attendees += [
        ("representative", person.user, str(person))
        for person in cleaned["representatives_present"]
    ]
    attendees += [
        ("external", None, line.strip())
        for line in cleaned["attendee_names"].splitlines()
        if line.strip()
    ]
    return attendees


@login_required
def protocol_create(request, student_pk):
    student = case_for_staff(request, student_pk)
    form = ProtocolForm(
        request.POST if request.method == "POST" else None,
        staff=centre_staff_accounts(),
        student=student,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"approved_measures", *ProtocolForm.PRESENCE}
        }
        attendees = _attendees(student, form.cleaned_data)
        route = student.routes.exclude(
            status__in=[RouteStatus.CLOSED, RouteStatus.SUPERSEDED]
        ).first()
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
    case_for_staff(request, protocol.student_id)
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
            "can_sign": "sign" in protocol_actions(protocol, request.user),
            # The secretary's own ЭЦП on the issued protocol, where the institution uses it.
            "may_countersign": protocol.secretary_id == request.user.pk
            and protocol.register_entry_id is not None
            and ecp_policy("protocol_countersign") != "click"
            and not protocol.register_entry.person_signatures.filter(
                user=request.user, decision="protocol_countersign"
            ).exists(),
        },
    )


@login_required
def protocol_sign(request, pk):
    """GET: a confirmation; POST: the chair signs, and the protocol is registered."""
    protocol = get_object_or_404(MeetingProtocol, pk=pk)
    case_for_staff(request, protocol.student_id)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Sign the protocol"),
            question=_("Signed, the protocol is registered and can no longer be changed."),
            confirm_label=_("Sign and register"),
            back=reverse("routes:protocol-detail", args=[protocol.pk]),
            sign_url=reverse("routes:decision-sign", args=["protocol_sign", protocol.pk]),
            sign_policy=ecp_policy("protocol_sign")
            if protocol.chair_id == request.user.pk
            else "click",
        )
    try:
        services.protocol_sign(protocol=protocol, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The protocol is signed and registered."))
    return redirect(protocol)


class ProtocolListView(CaseStaffList):
    filterset_class = ProtocolFilter
    template_name = "routes/protocol_list.html"
    context_object_name = "protocols"

    def get_queryset(self):
        return protocol_list_visible_to(self.request.user).order_by("-date", "-pk")
