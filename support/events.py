"""Accommodations at events outside teaching (§8): the student or a representative
asks; centre staff on the case forward the request to the unit responsible for the
event and record its answer; the student is told at each step. Who sees what: the
student and representatives their own requests; centre staff those of their cases,
the head all."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from students import notifications
from students.models import Student
from students.models.notifications import in_each_language
from students.notifications import centre_heads, specialists_on, student_and_representatives
from students.permissions import can_work_on_case, is_centre_staff

from .models import EventRequest
from .notifications import Kind
from .selectors import case_scope, own_students
from .services import SupportError, _require_open_case, may_request_for

URL = "support:events"


def event_requests_visible_to(user):
    rows = EventRequest.objects.select_related("student", "requested_by")
    if is_centre_staff(user):
        return rows.filter(case_scope(user))
    return rows.filter(student__in=own_students(user))


def _tell_the_student(request, kind: str, actor, **params) -> None:
    people = student_and_representatives(request.student)
    notifications.notify(people, kind, url=reverse(URL), actor=actor, event=request.event, **params)


@transaction.atomic
def event_request_create(*, actor, student, data: dict) -> EventRequest:
    """A request; the same event and date asked again by the same person (a double
    click) is the request already made."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    _require_open_case(student)
    if not may_request_for(actor, student):
        raise SupportError(_("You may ask only for yourself or for your cases."))
    if data["date"] < timezone.localdate():
        raise SupportError(_("The event has taken place already."))
    known = EventRequest.objects.filter(
        student=student, requested_by=actor, event=data["event"], date=data["date"]
    ).first()
    if known is not None:
        return known
    request = EventRequest.objects.create(student=student, requested_by=actor, **data)
    notifications.notify(
        specialists_on(student) or list(centre_heads()),
        Kind.EVENT_REQUESTED,
        url=reverse(URL),
        actor=actor,
        student=in_each_language(lambda: student.full_name),
        event=request.event,
        date=request.date.strftime("%d.%m.%Y"),
    )
    return request


@transaction.atomic
def event_request_handle(*, actor, request, action: str, unit: str = "", outcome: str = ""):
    """`forward` to a unit, or record its answer: `arranged` or `declined` (with what
    was arranged, or why not)."""
    request = EventRequest.objects.select_for_update().select_related("student").get(pk=request.pk)
    _require_open_case(request.student)
    if not can_work_on_case(actor, request.student):
        raise SupportError(_("The centre's staff on the case handle event requests."))
    if request.status in (EventRequest.Status.ARRANGED, EventRequest.Status.DECLINED):
        raise SupportError(_("This request is answered already."))
    now = timezone.now()
    if action == "forward":
        if not unit.strip():
            raise SupportError(_("Name the unit responsible for the event."))
        request.status = EventRequest.Status.FORWARDED
        request.responsible_unit, request.forwarded_at = unit.strip(), now
        _tell_the_student(request, Kind.EVENT_FORWARDED, actor, unit=request.responsible_unit)
    elif action in ("arranged", "declined"):
        if not outcome.strip():
            raise SupportError(_("Say what was arranged, or why it could not be."))
        request.status = (
            EventRequest.Status.ARRANGED if action == "arranged" else EventRequest.Status.DECLINED
        )
        request.outcome, request.decided_at = outcome.strip(), now
        if unit.strip():
            request.responsible_unit = unit.strip()
        _tell_the_student(request, Kind.EVENT_ANSWERED, actor)
    else:
        raise SupportError(_("Choose what to do with the request."))
    request.handled_by = actor
    request.save()
    return request
