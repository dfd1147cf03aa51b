"""The unified document register: gapless numbers per document type and year."""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .exchange import REGISTERED, STATUS_CHANGED, entries_changed
from .kinds import number_series
from .models import (
    Institution,
    RegisterCounter,
    RegisterEntry,
    pattern_problem,
    render_number,
)


def _pattern(doc_type: str) -> str:
    """The settings' pattern, else the institution's (edited in the admin), else ours."""
    custom = getattr(settings, "REGISTER_NUMBER_PATTERNS", {}) or {}
    institution = Institution.current().register_patterns or {}
    for pattern in (custom.get(doc_type), institution.get(doc_type)):
        # A pattern stored before the grammar was checked is passed over, not run.
        if pattern and pattern_problem(pattern) is None:
            return pattern
    # Patterns may use {year} and {sequence}; each series registers its default.
    return number_series(doc_type).pattern


class RegistrationMoved(Exception):  # noqa: N818 - a state of the world, not a bug
    """The document was prepared (and signed) with a number, code and date the register
    can no longer give it: another document took the number, or the day changed."""


# A document signed with ЭЦП before it is registered carries the number it will get:
# inside `registering_as`, the first registration of that type must get exactly that
# number and code, on that day, or RegistrationMoved is raised (and nothing is kept).
_RESERVED: ContextVar[dict | None] = ContextVar("eagi_reserved_registration", default=None)


@contextmanager
def registering_as(*, doc_type: str, number: str, verification_code: str, day):
    token = _RESERVED.set(
        {"doc_type": doc_type, "number": number, "code": verification_code, "day": day}
    )
    try:
        yield
    finally:
        _RESERVED.reset(token)


def register_document(*, doc_type: str, student, author, language: str) -> RegisterEntry:
    """Issue the next number. Must run inside the transaction that creates the
    document: if that transaction rolls back, the number is not used up."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register_document must run inside the document's transaction")
    now = timezone.now()
    year = timezone.localtime(now).year
    reserved = _RESERVED.get()
    if reserved is not None and reserved["doc_type"] != doc_type:
        reserved = None
    # Create the counter row if this is the year's first document (a concurrent
    # creator is ignored), then lock it: every issuer of this type waits here.
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(doc_type=doc_type, year=year)], ignore_conflicts=True
    )
    counter = RegisterCounter.objects.select_for_update().get(doc_type=doc_type, year=year)
    counter.last_number += 1
    number = render_number(_pattern(doc_type), year=year, sequence=counter.last_number)
    code = new_verification_code()
    if reserved is not None:
        if number != reserved["number"] or timezone.localdate(now) != reserved["day"]:
            raise RegistrationMoved(number)
        code = reserved["code"]
        _RESERVED.set(None)  # the document's own registration; the rest as usual
    counter.save(update_fields=["last_number"])
    entry = RegisterEntry.objects.create(
        number=number,
        doc_type=doc_type,
        year=year,
        sequence=counter.last_number,
        registered_at=now,
        student=student,
        author=author,
        language=language,
        verification_code=code,
    )
    entries_changed([entry.pk], REGISTERED)  # the document-flow system's webhooks
    return entry


def new_verification_code() -> str:
    """Ten characters without look-alikes (0/O, 1/I/L): easy to type from paper."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def mark_all_superseded(replaced: dict[int | None, RegisterEntry]) -> None:
    """Several documents replaced at once ({entry id: the entry that replaces it}):
    one read and one write, however many."""
    entries = list(RegisterEntry.objects.filter(pk__in=[k for k in replaced if k is not None]))
    for entry in entries:
        entry.status = RegisterEntry.Status.SUPERSEDED
        entry.superseded_by = replaced[entry.pk]
        entry.status_changed_at = replaced[entry.pk].registered_at
    RegisterEntry.objects.bulk_update(entries, ["status", "superseded_by", "status_changed_at"])
    entries_changed([entry.pk for entry in entries], STATUS_CHANGED)


def mark_superseded(entry_id: int | None, *, by: RegisterEntry) -> None:
    """The document `entry_id` is replaced by `by` (a new route or conclusion version)."""
    if entry_id is not None:
        RegisterEntry.objects.filter(pk=entry_id).update(
            status=RegisterEntry.Status.SUPERSEDED,
            superseded_by=by,
            status_changed_at=by.registered_at,
        )
        entries_changed([entry_id], STATUS_CHANGED)


def mark_withdrawn(entry_id: int | None) -> None:
    """The applicant withdrew the document (an application)."""
    if entry_id is None:
        return
    withdrawn = RegisterEntry.objects.filter(pk=entry_id, status=RegisterEntry.Status.REGISTERED)
    if withdrawn.update(status=RegisterEntry.Status.WITHDRAWN, status_changed_at=timezone.now()):
        entries_changed([entry_id], STATUS_CHANGED)
