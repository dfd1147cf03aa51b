"""What must always hold in the data, whatever happened to the server: checked after
load tests and fault drills (`manage.py check_invariants`), and usable after a restore.
Each check returns human-readable problems; an empty list means all is well."""

import hashlib

from django.db.models import Count, F, Max, OuterRef, Q, Subquery

from documents.models import IssuedFile, RegisterCounter, RegisterEntry, StampedCopy
from routes.models import Route, RouteDecision, RouteStatus
from students.models import Application, ApplicationAttachment, ApplicationEvent


def _sha256(field) -> str | None:
    try:
        with field.storage.open(field.name, "rb") as handle:
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
            return digest.hexdigest()
    except OSError:
        return None


def registered_applications() -> list[str]:

    wrong = Application.objects.exclude(register_entry__doc_type="application")
    return [f"application {a.pk} is not registered as an application" for a in wrong[:50]]


def gapless_register() -> list[str]:

    problems = []
    for row in RegisterEntry.objects.values("doc_type", "year").annotate(
        count=Count("pk"), last=Max("sequence")
    ):
        if row["count"] != row["last"]:
            problems.append(
                f"register {row['doc_type']}/{row['year']}: {row['count']} entries "
                f"but the last number is {row['last']}"
            )
        counter = RegisterCounter.objects.filter(doc_type=row["doc_type"], year=row["year"]).first()
        if counter is None or counter.last_number != row["last"]:
            problems.append(f"register counter {row['doc_type']}/{row['year']} is behind")
    return problems


def files_present() -> list[str]:

    problems = []
    for model, label in (
        (IssuedFile, "issued form"),
        (StampedCopy, "stamped copy"),
        (ApplicationAttachment, "attachment"),
    ):
        for row in model.objects.only("pk", "file", "sha256").iterator(chunk_size=500):
            digest = _sha256(row.file)
            if digest is None:
                problems.append(f"{label} {row.pk}: file {row.file.name} is missing")
            elif digest != row.sha256:
                problems.append(f"{label} {row.pk}: file {row.file.name} does not match its hash")
    return problems


def single_approvals() -> list[str]:

    # A transition into force; the acknowledgements of a route in force (ACTIVE to
    # ACTIVE, #30 item 5) are not approvals.
    twice = (
        RouteDecision.objects.filter(to_status=RouteStatus.ACTIVE)
        .exclude(from_status=RouteStatus.ACTIVE)
        .values("route")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems = [f"route {row['route']} was approved {row['n']} times" for row in twice]
    unregistered = Route.objects.filter(
        Q(status=RouteStatus.ACTIVE) & (Q(register_entry__isnull=True) | Q(approved_at=None))
    )
    problems += [f"route {r.pk} is in force without registration" for r in unregistered[:50]]
    return problems


def statuses_match_events() -> list[str]:
    """Each application's status is the target of its latest recorded event."""

    latest = ApplicationEvent.objects.filter(application=OuterRef("pk")).order_by("-at", "-pk")
    wrong = Application.objects.annotate(last=Subquery(latest.values("to_status")[:1])).exclude(
        status=F("last")
    )
    return [
        f"application {a.pk} is {a.status} but its last event says {a.last}" for a in wrong[:50]
    ]


CHECKS = [
    registered_applications,
    gapless_register,
    files_present,
    single_approvals,
    statuses_match_events,
]


def check_all() -> list[str]:
    problems = []
    for check in CHECKS:
        problems += check()
    return problems
