"""Technical aids lent to students (§3.3, §8): lending, taking back, what each person
may see, and the daily reminders. Centre staff on the case lend and take back; the
student and their representatives see what they hold; the head of the centre sees
everything that is out and overdue, a specialist what is out on their cases."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from students import notifications
from students.models import Student
from students.models.notifications import in_each_language
from students.notifications import centre_heads, specialists_on, student_and_representatives
from students.permissions import has_global_case_access, is_centre_staff
from students.selectors import staff_case_ids

from .models import TechnicalAid
from .notifications import Kind
from .permissions import can_lend_aids, can_take_aids_back
from .services import SupportError, _require_open_case

# What the lists show: out (the default), overdue, returned, everything.
SHOWN = ("out", "overdue", "returned", "all")
# By due date, those kept until the end of study last -- on both databases (PostgreSQL
# sorts NULL last, SQLite first, unless told).
DUE_FIRST = F("due_back").asc(nulls_last=True)


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def aids_visible_to(user, shown: str = "out", today=None):
    """The loans this person may list: the head all, a specialist those of their cases,
    nobody else."""
    today = today or timezone.localdate()
    loans = TechnicalAid.objects.select_related("student")
    if not is_centre_staff(user):
        return loans.none()
    if not has_global_case_access(user):
        loans = loans.filter(student_id__in=staff_case_ids(user))
    if shown == "out":
        loans = loans.filter(returned_on__isnull=True).order_by(DUE_FIRST, "pk")
    elif shown == "overdue":
        loans = loans.filter(returned_on__isnull=True, due_back__lt=today).order_by(
            "due_back", "pk"
        )
    elif shown == "returned":
        loans = loans.filter(returned_on__isnull=False).order_by("-returned_on", "-pk")
    return loans


def aids_of(student):
    """Every loan of one student, what is out first."""
    return TechnicalAid.objects.filter(student=student).order_by(
        F("returned_on").asc(nulls_first=True), "-issued_on", "-pk"
    )


@transaction.atomic
def aid_lend(*, actor, student, data: dict) -> TechnicalAid:
    """Record a loan and tell the student. A double click gives the same loan back;
    a device (kind and serial number) already out is refused until it is returned."""
    student = Student.objects.select_for_update().get(pk=student.pk)
    _require_open_case(student)
    if not can_lend_aids(actor, student):
        raise SupportError(_("The centre's staff on the case lend technical aids."))
    same = (
        TechnicalAid.objects.filter(
            student=student,
            returned_on__isnull=True,
            kind=data["kind"],
            item=data["item"],
            identifier=data.get("identifier", ""),
            issued_on=data["issued_on"],
        )
        .order_by("pk")
        .first()
    )
    if same is not None:
        return same
    try:
        with transaction.atomic():
            aid = TechnicalAid.objects.create(student=student, issued_by=actor, **data)
    except IntegrityError as error:
        raise SupportError(
            _("This device is out already: record its return before lending it again.")
        ) from error
    notifications.notify(
        student_and_representatives(student),
        Kind.AID_LENT,
        url=reverse("students:student-detail", args=[student.pk]),
        actor=actor,
        item=aid.item,
        due=_date(aid.due_back),
    )
    return aid


@transaction.atomic
def aid_return(*, actor, aid, returned_on, condition_back, note="") -> TechnicalAid:
    """Take a loan back. An archived case or a withdrawn consent does not stop it:
    the Institute's property comes back whatever becomes of the case."""
    aid = TechnicalAid.objects.select_for_update().select_related("student").get(pk=aid.pk)
    if not can_take_aids_back(actor, aid.student):
        raise SupportError(_("The centre's staff on the case take technical aids back."))
    if aid.returned_on is not None:
        raise SupportError(
            _("This aid was returned on %(date)s.") % {"date": _date(aid.returned_on)}
        )
    if returned_on < aid.issued_on:
        raise SupportError(_("It cannot come back before it was lent."))
    if returned_on > timezone.localdate():
        raise SupportError(_("A return is recorded when it happens, not ahead."))
    aid.returned_on = returned_on
    aid.condition_back = condition_back
    aid.received_by = actor
    if note:
        aid.note = f"{aid.note}\n{note}".strip()
    aid.save(update_fields=["returned_on", "condition_back", "received_by", "note"])
    return aid


def remind_aids(today=None) -> int:
    """The daily job: the student (and representatives) are reminded once,
    AID_REMINDER_DAYS before the due date; a loan past its date is reported once to
    the head and the specialists on the case. Returns how many were sent."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.AID_REMINDER_DAYS)
    sent = 0
    out = TechnicalAid.objects.filter(returned_on__isnull=True, due_back__isnull=False)
    for aid in out.filter(due_back__gte=today, due_back__lte=soon, reminded_on__isnull=True):
        with transaction.atomic():
            if TechnicalAid.objects.filter(pk=aid.pk, reminded_on__isnull=True).update(
                reminded_on=today
            ):
                student = Student.objects.get(pk=aid.student_id)
                sent += notifications.notify(
                    student_and_representatives(student),
                    Kind.AID_DUE_SOON,
                    url=reverse("students:student-detail", args=[student.pk]),
                    item=aid.item,
                    due=_date(aid.due_back),
                )
    for aid in out.filter(due_back__lt=today, overdue_reported_on__isnull=True):
        with transaction.atomic():
            if TechnicalAid.objects.filter(pk=aid.pk, overdue_reported_on__isnull=True).update(
                overdue_reported_on=today
            ):
                student = Student.objects.get(pk=aid.student_id)
                sent += notifications.notify(
                    [*centre_heads(), *specialists_on(student)],
                    Kind.AID_OVERDUE,
                    url=reverse("support:aids") + "?show=overdue",
                    student=in_each_language(lambda student=student: student.full_name),
                    item=aid.item,
                    due=_date(aid.due_back),
                )
    return sent
