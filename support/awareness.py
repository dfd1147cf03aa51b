"""Awareness events for students and staff (§3.4, §3.5): the head of the centre
records them with their attendance; anyone signed in reads the list, and the head
the names of the staff who came and the year's totals."""

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from students.models import User

from .models import AwarenessEvent
from .permissions import can_record_awareness_events
from .services import SupportError


@transaction.atomic
def awareness_event_record(*, actor, data: dict) -> AwarenessEvent:
    """Record an event; the same date and title again from the same person (a double
    click: the second request waits for the first on the lock) is the event already
    recorded."""
    if not can_record_awareness_events(actor):
        raise SupportError(_("The head of the centre records awareness events."))
    User.objects.select_for_update().filter(pk=actor.pk).first()
    data = dict(data)
    staff, groups = data.pop("staff", []), data.pop("study_groups", [])
    known = AwarenessEvent.objects.filter(date=data["date"], title=data["title"]).first()
    if known is not None:
        return known
    event = AwarenessEvent.objects.create(recorded_by=actor, **data)
    event.staff.set(staff)
    event.study_groups.set(groups)
    return event


def awareness_events(*, with_names: bool):
    """The events, newest first, each with its number of staff who came; the names of
    the staff and the groups only for the head (`with_names`)."""
    events = AwarenessEvent.objects.annotate(staff_count=Count("staff", distinct=True)).order_by(
        "-date", "-pk"
    )
    if with_names:
        events = events.prefetch_related("staff", "study_groups")
    return events


def awareness_totals(since) -> dict:
    """Since a date (the academic year's start): events, staff who came at least once,
    and the students and other attendees counted at the events."""
    events = AwarenessEvent.objects.filter(date__gte=since)
    totals = events.aggregate(
        events=Count("pk", distinct=True),
        students=Sum("students_count"),
        others=Sum("others_count"),
    )
    totals["staff"] = (
        AwarenessEvent.staff.through.objects.filter(Q(awarenessevent__date__gte=since))
        .values("user")
        .distinct()
        .count()
    )
    return {key: value or 0 for key, value in totals.items()}
