"""Confidential reports of discrimination, disrespect or unethical treatment (§4.1,
§7.1, §8). Who reads what:

- the student and each representative: the reports they made themselves (not one
  another's), with the steps shown to them and the answer;
- the person a report is addressed to: the head of the centre (every head), or the
  person the institution names (Institution.complaints_officer) -- the reporter chooses,
  so a report about the centre need not go to the centre;
- everyone else, the specialists on the case and the administrator included: nothing;
  the rector's office and the heads see yearly counts with small cells suppressed.

Notifications and e-mails say that there is a report or an answer, never what it says
or who made it."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import Institution
from routes.statistics import Table, suppress_table
from students import notifications
from students.deadlines import working_days_after
from students.models import Student, User
from students.notifications import centre_heads
from students.permissions import has_global_case_access

from .models import Complaint, ComplaintStep
from .notifications import Kind
from .selectors import own_students
from .services import SupportError

URL = "support:complaints"


def officer():
    """The person the institution names for reports (active), or None."""
    pk = Institution.current().complaints_officer_id
    if pk is None:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def addressed_to_me(user) -> list[str]:
    """The inboxes this person reads: the heads' and, for the named person, theirs."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return []
    inboxes = []
    if has_global_case_access(user):
        inboxes.append(Complaint.AddressedTo.HEAD)
    if Institution.current().complaints_officer_id == user.pk:
        inboxes.append(Complaint.AddressedTo.OFFICER)
    return inboxes


def handlers_of(addressed_to: str) -> list:
    if addressed_to == Complaint.AddressedTo.OFFICER:
        person = officer()
        return [person] if person is not None else []
    return list(centre_heads())


def complaints_visible_to(user):
    """The reports this person may read: their own, and those addressed to them."""
    inboxes = addressed_to_me(user)
    condition = Q(reported_by=user)
    if inboxes:
        condition |= Q(addressed_to__in=inboxes)
    return Complaint.objects.filter(condition).select_related("student", "reported_by")


def handles(user, complaint: Complaint) -> bool:
    return complaint.addressed_to in addressed_to_me(user)


def overdue(rows, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return rows.filter(
        Q(status=Complaint.Status.RECEIVED, take_up_by__lt=today)
        | Q(status__in=[Complaint.Status.RECEIVED, Complaint.Status.IN_HAND], answer_by__lt=today)
    )


def overdue_for_handler(user):
    inboxes = addressed_to_me(user)
    return overdue(Complaint.objects.filter(addressed_to__in=inboxes)) if inboxes else None


def may_report_for(user, student) -> bool:
    return own_students(user).filter(pk=student.pk).exists()


@transaction.atomic
def complaint_create(*, actor, student, data: dict) -> Complaint:
    """A report, addressed to the head or to the named person, with its deadlines; the
    same text sent again by the same person (a double click) is the report made."""
    # The student's row locked: a double click's second request waits, then finds the
    # report the first one made.
    student = Student.objects.select_for_update().get(pk=student.pk)
    if not may_report_for(actor, student):
        raise SupportError(_("You may report only for yourself or for the student you represent."))
    if data.get("addressed_to") == Complaint.AddressedTo.OFFICER and officer() is None:
        raise SupportError(_("The Institute has named no one else: choose the head of the centre."))
    known = Complaint.objects.filter(
        reported_by=actor, student=student, description=data["description"]
    ).first()
    if known is not None:
        return known
    today = timezone.localdate()
    days = settings.DEADLINES
    complaint = Complaint.objects.create(
        student=student,
        reported_by=actor,
        take_up_by=working_days_after(today, days["complaint_take_up_working_days"]),
        answer_by=working_days_after(today, days["complaint_answer_working_days"]),
        **data,
    )
    notifications.notify(
        handlers_of(complaint.addressed_to),
        Kind.COMPLAINT_RECEIVED,
        url=reverse("support:complaint", args=[complaint.pk]),
        due=complaint.take_up_by.strftime("%d.%m.%Y"),
    )
    return complaint


def _locked_for(actor, complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not handles(actor, complaint):
        raise SupportError(_("Only the person the report is addressed to handles it."))
    if not complaint.is_open:
        raise SupportError(_("This report is answered already."))
    return complaint


def _tell_the_reporter(complaint: Complaint, kind: str, actor, **params) -> None:
    notifications.notify(
        [complaint.reported_by],
        kind,
        url=reverse("support:complaint", args=[complaint.pk]),
        actor=actor,
        **params,
    )


@transaction.atomic
def complaint_step(*, actor, complaint: Complaint, text: str, shared: bool) -> Complaint:
    """A step taken (a conversation, a request for an explanation, a measure); the
    first one takes the report up. A step shown to the reporter tells them."""
    complaint = _locked_for(actor, complaint)
    if not text.strip():
        raise SupportError(_("Say what was done."))
    ComplaintStep.objects.create(complaint=complaint, actor=actor, text=text.strip(), shared=shared)
    if complaint.status == Complaint.Status.RECEIVED:
        complaint.status, complaint.taken_up_at = Complaint.Status.IN_HAND, timezone.now()
        complaint.handled_by = actor
        complaint.save(update_fields=["status", "taken_up_at", "handled_by"])
        _tell_the_reporter(
            complaint, Kind.COMPLAINT_TAKEN_UP, actor, due=complaint.answer_by.strftime("%d.%m.%Y")
        )
    elif shared:
        _tell_the_reporter(complaint, Kind.COMPLAINT_STEP, actor)
    return complaint


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint, outcome: str, reply: str) -> Complaint:
    """The outcome and the answer to the reporter, who is told that it is there."""
    complaint = _locked_for(actor, complaint)
    if outcome not in Complaint.Outcome.values:
        raise SupportError(_("Choose the outcome."))
    if not reply.strip():
        raise SupportError(_("Write the answer to the person who reported it."))
    now = timezone.now()
    complaint.status, complaint.outcome, complaint.reply = Complaint.Status.CLOSED, outcome, reply
    complaint.closed_at, complaint.handled_by = now, actor
    complaint.taken_up_at = complaint.taken_up_at or now
    complaint.save()
    ComplaintStep.objects.create(
        complaint=complaint, actor=actor, text=complaint.get_outcome_display(), shared=True
    )
    _tell_the_reporter(complaint, Kind.COMPLAINT_ANSWERED, actor)
    return complaint


@transaction.atomic
def complaint_withdraw(*, actor, complaint: Complaint) -> Complaint:
    """The reporter takes the report back while it is open; the person handling it is
    told (without its text), the record and its steps stay."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.reported_by_id != actor.pk:
        raise SupportError(_("Only the person who made the report withdraws it."))
    if not complaint.is_open:
        raise SupportError(_("This report is answered already."))
    now = timezone.now()
    complaint.status, complaint.outcome = Complaint.Status.CLOSED, Complaint.Outcome.WITHDRAWN
    complaint.closed_at = now
    complaint.save(update_fields=["status", "outcome", "closed_at"])
    ComplaintStep.objects.create(
        complaint=complaint, actor=actor, text=complaint.get_outcome_display(), shared=True
    )
    notifications.notify(
        handlers_of(complaint.addressed_to),
        Kind.COMPLAINT_WITHDRAWN,
        url=reverse("support:complaint", args=[complaint.pk]),
        actor=actor,
    )
    return complaint


def steps_seen_by(user, complaint: Complaint):
    rows = complaint.steps.select_related("actor")
    return rows if handles(user, complaint) else rows.filter(shared=True)


def year_statistics(year: int) -> list[Table]:
    """Counts of one calendar year's reports by kind and by outcome, every count from 1
    to 4 suppressed (routes.statistics.suppress_table): a small count could name the
    student or the person reported."""
    rows = Complaint.objects.filter(reported_at__year=year)
    by_kind = dict(rows.values_list("kind").annotate(n=Count("pk")).order_by())
    by_outcome = dict(
        rows.filter(status=Complaint.Status.CLOSED)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    open_count = rows.exclude(status=Complaint.Status.CLOSED).count()
    kinds = Table(
        "complaint_kinds",
        gettext_lazy("Reports by what happened"),
        [(label, by_kind.get(value, 0)) for value, label in Complaint.Kind.choices],
    )
    outcomes = Table(
        "complaint_outcomes",
        gettext_lazy("Reports by outcome"),
        [(gettext_lazy("not yet answered"), open_count)]
        + [(label, by_outcome.get(value, 0)) for value, label in Complaint.Outcome.choices],
    )
    return [suppress_table(kinds), suppress_table(outcomes)]
