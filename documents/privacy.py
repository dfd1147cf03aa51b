"""Disclosures to third parties and the breach register."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import register_series
from .models import Breach, Disclosure
from .register import register_document

DISCLOSURE = register_series(
    "disclosure", _("disclosure to a third party"), "АШУ-{year}/{sequence:04d}"
)


@transaction.atomic
def disclosure_record(*, student, actor, data: dict) -> Disclosure:
    entry = register_document(
        doc_type=DISCLOSURE,
        student=student,
        author=actor,
        language=student.document_language,
    )
    return Disclosure.objects.create(
        student=student,
        authorised_by=actor,
        register_entry=entry,
        text_language=student.document_language,
        **data,
    )


def next_working_day_end(moment: datetime.datetime) -> datetime.datetime:
    """The end of the next working day (Monday-Friday) after `moment`, local time."""
    local = timezone.localtime(moment)
    day = local.date() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


@transaction.atomic
def breach_notified(*, actor, breach_id: int) -> Breach | None:
    """The notice to the authorised body was sent: when, and who recorded it. Once; a
    second click changes nothing."""
    breach = Breach.objects.select_for_update().filter(pk=breach_id, notified_at=None).first()
    if breach is None:
        return None
    breach.notified_at = timezone.now()
    breach.notified_by = actor
    breach.save(update_fields=["notified_at", "notified_by"])
    return breach


def breach_record(*, actor, data: dict) -> Breach:
    return Breach.objects.create(
        recorded_by=actor, notice_due_at=next_working_day_end(data["discovered_at"]), **data
    )
