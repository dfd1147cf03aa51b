"""The structural units' tasks (§1.3, §10.4). The centre's staff give a unit a task
about a barrier, an event request or a technical aid, with a date; the unit's staff
(the unit role, `User.unit`) see their unit's tasks only -- what the centre wrote, the
place, event or item; never the case or health data -- record what they did and close
them; the request moves on and the student is told; the head sees what is overdue.

Who sees which task: the unit's staff their unit's; the head all; a specialist those
of their cases (events and aids) and every barrier's (barriers belong to no case)."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eagi_inclusion.roles import Role, has_role
from students import notifications
from students.models import Unit, User
from students.models.notifications import in_each_language
from students.notifications import specialists_on
from students.permissions import can_assign_cases, can_work_on_case, is_centre_staff

from .models import Barrier, EventRequest, TechnicalAid, UnitTask
from .notifications import Kind
from .selectors import case_scope
from .services import SupportError

SUBJECTS = {
    UnitTask.Kind.BARRIER: ("barrier", Barrier),
    UnitTask.Kind.EVENT: ("event_request", EventRequest),
    UnitTask.Kind.AID: ("aid", TechnicalAid),
}
RELATED = ("unit", "barrier", "event_request__student", "aid__student", "assigned_by", "done_by")


def works_in_a_unit(user) -> bool:
    return user.is_authenticated and user.unit_id is not None and has_role(user, Role.UNIT)


def tasks_visible_to(user):
    rows = UnitTask.objects.select_related(*RELATED)
    if works_in_a_unit(user):
        return rows.filter(unit_id=user.unit_id)
    if not is_centre_staff(user):
        return rows.none()
    if can_assign_cases(user):
        return rows
    return rows.filter(
        Q(kind=UnitTask.Kind.BARRIER)
        | Q(case_scope(user, "event_request__student"))
        | Q(case_scope(user, "aid__student"))
    )


def overdue(rows, today: datetime.date | None = None):
    return rows.filter(status=UnitTask.Status.OPEN, due__lt=today or timezone.localdate())


def may_assign(user, kind: str, subject) -> bool:
    if kind == UnitTask.Kind.BARRIER:
        return is_centre_staff(user)
    return is_centre_staff(user) and can_work_on_case(user, subject.student)


def unit_staff(unit) -> list:
    return list(User.objects.filter(is_active=True, unit=unit, groups__name=Role.UNIT))


@transaction.atomic
def unit_task_assign(*, actor, unit: Unit, kind: str, subject, what: str, due) -> UnitTask:
    """The task, with the subject locked: the same unit asked again about the same
    subject while its task is open (a double click) is the task already given."""
    field, model = SUBJECTS[kind]
    subject = model.objects.select_for_update().get(pk=subject.pk)
    if not may_assign(actor, kind, subject):
        raise SupportError(_("The centre's staff on the case give units their tasks."))
    if not unit.is_active:
        raise SupportError(_("This unit is no longer in use."))
    if due < timezone.localdate():
        raise SupportError(_("The date has passed already."))
    known = UnitTask.objects.filter(
        unit=unit, kind=kind, status=UnitTask.Status.OPEN, **{field: subject}
    ).first()
    if known is not None:
        return known
    task = UnitTask.objects.create(
        unit=unit, kind=kind, what=what.strip(), due=due, assigned_by=actor, **{field: subject}
    )
    name = in_each_language(lambda: unit.name)
    if kind == UnitTask.Kind.BARRIER:
        subject.status, subject.responsible_unit = Barrier.Status.ACCEPTED, unit.name_kk
        subject.save(update_fields=["status", "responsible_unit"])
    elif kind == UnitTask.Kind.EVENT:
        subject.status = EventRequest.Status.FORWARDED
        subject.responsible_unit, subject.forwarded_at = unit.name_kk, timezone.now()
        subject.handled_by = actor
        subject.save(update_fields=["status", "responsible_unit", "forwarded_at", "handled_by"])
        notifications.notify(
            [subject.requested_by],
            Kind.EVENT_FORWARDED,
            url=reverse("support:events"),
            actor=actor,
            event=subject.event,
            unit=name,
        )
    notifications.notify(
        unit_staff(unit),
        Kind.UNIT_TASK,
        url=reverse("support:unit-task", args=[task.pk]),
        actor=actor,
        due=task.due.strftime("%d.%m.%Y"),
    )
    return task


@transaction.atomic
def unit_task_close(*, actor, task: UnitTask, done: bool, note: str) -> UnitTask:
    """The unit's answer: done (what was done) or could not be done (why). The
    subject moves on: a barrier is resolved, an event request answered and its student
    told; the centre's staff who gave the task hear of it."""
    task = UnitTask.objects.select_for_update(of=("self",)).select_related(*RELATED).get(pk=task.pk)
    if not (works_in_a_unit(actor) and actor.unit_id == task.unit_id):
        raise SupportError(_("Only the unit's staff close its tasks."))
    if task.status != UnitTask.Status.OPEN:
        raise SupportError(_("This task is closed already."))
    if not note.strip():
        raise SupportError(_("Say what was done, or why it could not be."))
    now = timezone.now()
    task.status = UnitTask.Status.DONE if done else UnitTask.Status.DECLINED
    task.done_note, task.done_at, task.done_by = note.strip(), now, actor
    task.save(update_fields=["status", "done_note", "done_at", "done_by"])
    subject = task.subject
    if task.kind == UnitTask.Kind.BARRIER and done:
        subject.status, subject.resolution, subject.resolved_at = (
            Barrier.Status.RESOLVED,
            task.done_note,
            now,
        )
        subject.save(update_fields=["status", "resolution", "resolved_at"])
    elif task.kind == UnitTask.Kind.EVENT:
        subject.status = EventRequest.Status.ARRANGED if done else EventRequest.Status.DECLINED
        subject.outcome, subject.decided_at = task.done_note, now
        subject.save(update_fields=["status", "outcome", "decided_at"])
        notifications.notify(
            [subject.requested_by],
            Kind.EVENT_ANSWERED,
            url=reverse("support:events"),
            actor=actor,
            event=subject.event,
        )
    told = [task.assigned_by]
    if task.kind == UnitTask.Kind.AID:
        told += specialists_on(subject.student)
    notifications.notify(
        told,
        Kind.UNIT_TASK_CLOSED,
        url=reverse("support:unit-task", args=[task.pk]),
        actor=actor,
        unit=in_each_language(lambda: task.unit.name),
    )
    return task
