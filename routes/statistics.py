"""Statistics of one academic year for the centre head and the rector's office.
Aggregates only: no names, no row that identifies a student.

Which rows belong to the year:
- students, by category, faculty and year of study: students with an application
  submitted within the year's dates or a route for one of the year's periods;
- applications: submitted within the year's dates;
- routes and adaptations: routes for the year's periods (every version counts once);
- days from application to approved route: an application of the year and the first
  route of that student approved after it was submitted;
- teacher agreement: per course section, from the route being sent for agreement to
  the teacher's decision in that round.
"""

import statistics as stats
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from students.models import (
    AcademicYear,
    AdaptationType,
    Application,
    ApplicationStatus,
    Faculty,
    HealthProfile,
    NeedCategory,
    Student,
)

from .models import CourseAgreement, Route, RouteCourseSection, RouteDecision, RouteStatus

BAR_ROW = 32  # pixels per bar in the charts


@dataclass
class Table:
    """One statistic: a title, a text summary for screen readers and print, and its
    rows of (label, value)."""

    key: str
    title: str
    rows: list[tuple[str, float | int]] = field(default_factory=list)
    summary: str = ""

    @property
    def peak(self) -> float:
        return max((_number(value) for _label, value in self.rows), default=0) or 1

    @property
    def bars(self):
        """Rows for the chart: label, value, bar width (% of the drawing, the largest
        value filling half of it; none for a suppressed small count) and the row's top
        in pixels."""
        return [
            (label, value, round(50 * _number(value) / self.peak, 1), index * BAR_ROW)
            for index, (label, value) in enumerate(self.rows)
        ]


def _number(value) -> float:
    return value if isinstance(value, int | float) else 0


# Counts from 1 to SMALL_CELL - 1 can name a student in a small centre: shown to anyone
# but the centre head as "< 5" (docs/access-model.md).
SMALL_CELL = 5


def suppress_small_cells(data: dict) -> dict:
    """A copy of a year's statistics for readers other than the centre head: every
    count from 1 to 4 becomes "< 5"; where a table would have only one such cell, its
    smallest other count is hidden too, and no suppressed table prints its total, so no
    hidden count can be worked out by subtraction; medians over fewer than five cases
    are not shown. The cached statistics are left as they are."""
    below = _("< %(count)s") % {"count": SMALL_CELL}
    tables = [suppress_table(table) for table in data["tables"]]
    figures = dict(data["figures"])
    for key in ("students", "applications", "routes"):
        if 0 < figures[key] < SMALL_CELL:
            figures[key] = below
    if figures.get("routes_counted", 0) < SMALL_CELL:
        figures["median_days_to_route"] = None
    if figures.get("agreements_counted", 0) < SMALL_CELL:
        figures["median_agreement_days"] = figures["agreement_p90_days"] = None
    return {**data, "tables": tables, "figures": figures}


def suppress_table(table: Table) -> Table:
    """A copy of one table with every count from 1 to 4 shown as "< 5"; where only one
    such cell would be hidden, its smallest other count is hidden too (no subtraction
    from a total reveals it)."""
    below = _("< %(count)s") % {"count": SMALL_CELL}
    small = {i for i, (_label, value) in enumerate(table.rows) if 0 < value < SMALL_CELL}
    if len(small) == 1:
        others = [i for i, (_label, value) in enumerate(table.rows) if value >= SMALL_CELL]
        if others:
            small.add(min(others, key=lambda i: table.rows[i][1]))
    rows = [(label, below if i in small else value) for i, (label, value) in enumerate(table.rows)]
    hidden = Table(table.key, table.title, rows)
    hidden.summary = _summary(hidden) if not small else _suppressed_summary(hidden)
    return hidden


def _suppressed_summary(table: Table) -> str:
    shown = [(label, value) for label, value in table.rows if isinstance(value, int | float)]
    if not shown:
        return _("Every group has fewer than %(count)s.") % {"count": SMALL_CELL}
    label, value = max(shown, key=lambda row: row[1])
    return _(
        "The largest group is “%(label)s” with %(value)s; groups of fewer than "
        "%(count)s are not counted exactly."
    ) % {
        "label": label,
        "value": value,
        "count": SMALL_CELL,
    }

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * BAR_ROW


def _median(values) -> float | None:
    return round(stats.median(values), 1) if values else None


def current_year() -> AcademicYear | None:
    today = timezone.localdate()
    return (
        AcademicYear.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or AcademicYear.objects.order_by("-starts_on").first()
    )


CACHE_SECONDS = 600


def cached_year_statistics(year: AcademicYear) -> dict:
    """The statistics of a year, computed at most every ten minutes per language:
    aggregates over a whole year belong in a cache, not in every request."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"eagi:statistics:{year.pk}:{get_language()}"
    data = cache.get(key)
    if data is None:
        data = {**year_statistics(year), "computed_at": timezone.now()}
        cache.set(key, data, CACHE_SECONDS)
    return data


def year_statistics(year: AcademicYear) -> dict:
    in_year = Q(submitted_at__date__gte=year.starts_on, submitted_at__date__lte=year.ends_on)
    applications = Application.objects.filter(in_year)
    routes = Route.objects.filter(period__academic_year=year)
    students = Student.objects.filter(
        Q(Exists(applications.filter(student=OuterRef("pk"))))
        | Q(Exists(routes.filter(student=OuterRef("pk"))))
    )
    tables = [
        _students_by_category(students),
        _by(
            students,
            "by_faculty",
            _("SEN students by faculty"),
            {f.pk: f.name for f in Faculty.objects.all()},
            "study_group__programme__faculty",
        ),
        _by(
            students,
            "by_year_of_study",
            _("SEN students by year of study"),
            {n: _("year %(year)s") % {"year": n} for n in range(1, 8)},
            "year_of_study",
        ),
        _by(
            applications,
            "applications_by_status",
            _("Applications by status"),
            dict(ApplicationStatus.choices),
            "status",
        ),
        _by(
            applications,
            "applications_by_channel",
            _("Applications by channel"),
            dict(Application.Channel.choices),
            "channel",
        ),
        _by(routes, "routes_by_status", _("Routes by status"), dict(RouteStatus.choices), "status"),
        _adaptations(routes),
    ]
    days = _days_to_route(applications)
    agreement = _agreement_days(routes)
    figures = {
        "students": students.count(),
        "applications": applications.count(),
        "routes": routes.count(),
        "median_days_to_route": _median(days),
        "routes_counted": len(days),
        "median_agreement_days": _median(agreement),
        "agreement_p90_days": (
            round(stats.quantiles(agreement, n=10)[-1], 1) if len(agreement) >= 2 else None
        ),
        "agreements_counted": len(agreement),
    }
    for table in tables:
        table.summary = _summary(table)
    return {"year": year, "tables": tables, "figures": figures}


def _summary(table: Table) -> str:
    total = sum(value for _label, value in table.rows)
    if not total:
        return _("No data for this year.")
    label, value = max(table.rows, key=lambda row: row[1])
    return _("%(total)s in all; the largest group is “%(label)s” with %(value)s.") % {
        "total": total,
        "label": label,
        "value": value,
    }


def _by(queryset, key: str, title: str, labels: dict, path: str) -> Table:
    counts = dict(queryset.order_by().values_list(path).annotate(count=Count("pk", distinct=True)))
    rows = [(str(label), counts[value]) for value, label in labels.items() if counts.get(value)]
    return Table(key, title, sorted(rows, key=lambda row: -row[1]))


def _students_by_category(students) -> Table:
    through = HealthProfile.need_categories.through
    counts = dict(
        through.objects.filter(healthprofile__student__in=students)
        .order_by()
        .values_list("needcategory")
        .annotate(count=Count("healthprofile__student", distinct=True))
    )
    rows = [
        (category.name, counts[category.pk])
        for category in NeedCategory.objects.all()
        if counts.get(category.pk)
    ]
    return Table("by_category", _("SEN students by category"), sorted(rows, key=lambda r: -r[1]))


def _adaptations(routes) -> Table:
    sections = RouteCourseSection.objects.filter(route__in=routes)
    through = RouteCourseSection.adaptation_types.through
    counts = dict(
        through.objects.filter(routecoursesection__in=sections)
        .order_by()
        .values_list("adaptationtype")
        .annotate(count=Count("pk"))
    )
    rows = [(a.name, counts[a.pk]) for a in AdaptationType.objects.all() if counts.get(a.pk)]
    flags = sections.aggregate(
        extra_time=Count("pk", filter=Q(extra_time_percent__gt=0)),
        separate_room=Count("pk", filter=Q(separate_room=True)),
        oral=Count("pk", filter=Q(oral_instead_of_written=True)),
        interpreter=Count("pk", filter=Q(interpreter=True)),
    )
    names = {
        "extra_time": _("extra time"),
        "separate_room": _("separate room"),
        "oral": _("oral instead of written"),
        "interpreter": _("sign-language interpreter"),
    }
    rows += [(str(names[key]), value) for key, value in flags.items() if value]
    return Table(
        "adaptations",
        _("Adaptations most used (course sections)"),
        sorted(rows, key=lambda row: -row[1])[:15],
    )


def _days_to_route(applications) -> list[float]:
    """Days from each application to the first route of its student approved after it."""
    approved = (
        Route.objects.filter(student__in=applications.values("student"), approved_at__isnull=False)
        .order_by("approved_at")
        .values_list("student_id", "approved_at")
    )
    by_student: dict[int, list] = {}
    for student_id, approved_at in approved:
        by_student.setdefault(student_id, []).append(approved_at)
    days = []
    for student_id, submitted_at in applications.values_list("student_id", "submitted_at"):
        later = [at for at in by_student.get(student_id, []) if at >= submitted_at]
        if later:
            days.append((later[0] - submitted_at).total_seconds() / 86400)
    return days


def _agreement_days(routes) -> list[float]:
    """Per teacher decision: days from the route being sent for agreement (the last
    time before the decision) to the decision."""
    sent = {}
    for route_id, at in (
        RouteDecision.objects.filter(route__in=routes, to_status=RouteStatus.AGREEMENT)
        .order_by("at")
        .values_list("route_id", "at")
    ):
        sent.setdefault(route_id, []).append(at)
    days = []
    for route_id, decided_at in CourseAgreement.objects.filter(
        section__route__in=routes
    ).values_list("section__route_id", "at"):
        before = [at for at in sent.get(route_id, []) if at <= decided_at]
        if before:
            days.append((decided_at - before[-1]).total_seconds() / 86400)
    return days
