"""What each role sees first on the home page. Every function runs a fixed number of
queries whatever the data size, on selectors already scoped to the user."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from eagi_inclusion import compiled
from eagi_inclusion.roles import Role
from routes.deadlines import agreement_overdue_since, overdue_routes, sent_for_agreement_at
from routes.diff import SECTION_FIELDS
from routes.models import (
    Conclusion,
    DocumentStatus,
    MeetingProtocol,
    Route,
    RouteCourseSection,
    RouteStatus,
)
from routes.selectors import (
    adaptations_of,
    route_list_key,
    route_list_visible_to,
    sections_in_force,
    sections_to_agree,
)
from students.deadlines import overdue_conclusions, today, working_days_after
from students.models import (
    AcademicYear,
    Application,
    ApplicationStatus,
    CaseAssignment,
    Student,
    User,
)
from students.selectors import application_list_key, application_list_visible_to


def _count(queryset, group: str):
    """A correlated COUNT(*) of `queryset` (already filtered by an OuterRef)."""

    counted = queryset.order_by().values(group).annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


# The home shows the busiest specialists; the workload page (workspace.views.workload)
# every one of them, a page at a time.
WORKLOAD_ON_HOME = 10


def workload() -> QuerySet[User]:
    """Specialists with their open cases and routes in work, the busiest first: one
    query, each count an indexed subquery per specialist rather than a join of every
    case with every route."""
    in_work = RouteStatus.DRAFT, RouteStatus.AGREEMENT, RouteStatus.APPROVAL
    cases = CaseAssignment.objects.filter(specialist=OuterRef("pk"), ended_at__isnull=True)
    routes = Route.objects.filter(
        status__in=in_work,
        student__assignments__specialist=OuterRef("pk"),
        student__assignments__ended_at__isnull=True,
    )
    return (
        User.objects.filter(is_active=True, groups__name=Role.SPECIALIST)
        .annotate(
            open_cases=_count(cases, "specialist"),
            routes_in_work=_count(routes, "student__assignments__specialist"),
        )
        .order_by("-open_cases", "last_name", "first_name", "pk")
    )


# What "due next" shows of a student: the name (Student.full_name).
STUDENT_NAME = ("last_name", "first_name", "patronymic", "full_name_ru")


def shown_only(queryset, columns=(), related=(), student: str = "student"):
    """Only the columns a home list shows, with the name of the student at `student`
    (a relation path): the rows' other columns (texts, translations, the joined study
    data) were most of these queries' SQL and of the model instances made from them
    (docs/performance.md)."""
    return (
        queryset.select_related(None)
        .select_related(student, *related)
        .only(student, *(f"{student}__{name}" for name in STUDENT_NAME), *columns)
    )


def due_next(user, limit: int = 10) -> list[dict]:
    """The next deadlines of the user's cases: conclusions due after registration
    and teachers' answers due after a route was sent for agreement, soonest first."""
    items = []
    days = settings.DEADLINES["conclusion_working_days"]
    waiting = compiled.rows(
        ("home: conclusions due", application_list_key(user), limit),
        lambda: shown_only(
            application_list_visible_to(user).filter(
                status__in=[ApplicationStatus.REGISTERED, ApplicationStatus.IN_ASSESSMENT]
            ),
            ["register_entry_id", "register_entry__registered_at", "register_entry__number"],
            ["register_entry"],
        ).order_by("register_entry__registered_at")[:limit],
    )
    # Of the thirty rows read, ten are shown: each address is made when shown (the
    # template calls the method), each label once.
    for application in waiting:
        registered = timezone.localdate(application.register_entry.registered_at)
        items.append(
            {
                "due": working_days_after(registered, days),
                "what": _("Conclusion on application %(number)s")
                % {"number": application.register_entry.number},
                "student": application.student,
                "url": application.get_absolute_url,
            }
        )
    routes = compiled.rows(
        ("home: agreements due", route_list_key(user), limit),
        lambda: (
            shown_only(route_list_visible_to(user).filter(status=RouteStatus.AGREEMENT))
            .annotate(sent_at=sent_for_agreement_at())
            .order_by("sent_at")[:limit]
        ),
    )
    agreement = _("Teachers' agreement of the route")
    for route in routes:
        sent = timezone.localdate(route.sent_at) if route.sent_at else timezone.localdate()
        items.append(
            {
                "due": sent + datetime.timedelta(days=settings.DEADLINES["agreement_days"]),
                "what": agreement,
                "student": route.student,
                "url": route.get_absolute_url,
            }
        )
    drafts = compiled.rows(
        ("home: drafts due", route_list_key(user), limit),
        lambda: shown_only(
            route_list_visible_to(user).filter(status=RouteStatus.DRAFT),
            ["period_id", "period__starts_on"],
            ["period"],
        ).order_by("period__starts_on")[:limit],
    )
    to_finish = _("Route to finish before its period begins")
    for route in drafts:
        items.append(
            {
                "due": route.period.starts_on,
                "what": to_finish,
                "student": route.student,
                "url": route.get_absolute_url,
            }
        )
    today = timezone.localdate()
    for item in items:
        item["overdue"] = item["due"] < today
    return sorted(items, key=lambda item: item["due"])[:limit]


def overdue_routes_by_reason(routes) -> dict:
    """The overdue routes in one query, split by why: waiting for teachers past the
    deadline, or not approved although their period has begun (a route can be both)."""

    cutoff = agreement_overdue_since()
    rows = list(
        overdue_routes(routes)
        .annotate(sent_at=sent_for_agreement_at())
        .select_related("period__academic_year")
        .order_by("period__starts_on", "pk")[:40]
    )
    return {
        "agreements": [
            r
            for r in rows
            if r.status == RouteStatus.AGREEMENT and r.sent_at and r.sent_at < cutoff
        ],
        "late_routes": [r for r in rows if r.period.starts_on <= today()],
    }


FIGURES_SECONDS = 60
FIGURES_VERSION = "eagi:dashboard:version"


def _figures_version() -> int:

    return cache.get_or_set(FIGURES_VERSION, 0, None)


def centre_figures(user) -> dict:
    """The head's figures over every case — overdue applications and routes, cases
    without a specialist, routes by stage, workload — computed at most once a minute
    and again as soon as a case, an application or a route changes in this process
    (`forget_figures`). They read a fraction of every case, which at national scale is
    work for a cache, not for every visit to the home page (docs/performance.md).
    `figures_key` names this computation: the page caches its rendering under it."""

    key = f"eagi:dashboard:head:{_figures_version()}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = {
            "overdue": {
                "conclusions": list(overdue_conclusions(application_list_visible_to(user))[:20]),
                **overdue_routes_by_reason(route_list_visible_to(user)),
            },
            **centre_head(user),
            "figures_at": timezone.now(),
            "figures_key": key,
        }
        cache.set(key, figures, FIGURES_SECONDS)
    return figures


def forget_figures(*_args, **_kwargs) -> None:

    try:
        cache.incr(FIGURES_VERSION)
    except ValueError:
        cache.set(FIGURES_VERSION, 1, None)


def connect_figures() -> None:

    for model in (Route, Application, CaseAssignment, Student):
        for signal in (post_save, post_delete):
            signal.connect(forget_figures, sender=model, dispatch_uid=f"figures-{model.__name__}")


def centre_head(user) -> dict:

    unassigned = (
        Student.objects.filter(archived_at__isnull=True)
        .exclude(Exists(CaseAssignment.objects.filter(student=OuterRef("pk"), ended_at=None)))
        .count()
    )
    routes = route_list_visible_to(user)
    stages = routes.filter(
        status__in=[RouteStatus.DRAFT, RouteStatus.AGREEMENT, RouteStatus.APPROVAL]
    ).aggregate(
        draft=Count("pk", filter=Q(status=RouteStatus.DRAFT)),
        agreement=Count("pk", filter=Q(status=RouteStatus.AGREEMENT)),
        approval=Count("pk", filter=Q(status=RouteStatus.APPROVAL)),
    )
    busiest = list(workload()[: WORKLOAD_ON_HOME + 1])
    return {
        "unassigned_total": unassigned,
        "stages": stages,
        "workload": busiest[:WORKLOAD_ON_HOME],
        "more_workload": len(busiest) > WORKLOAD_ON_HOME,
    }


def head_queue(user) -> dict:
    """What waits for the head's own hand, fresh on every visit (not cached with the
    figures): conclusions sent to be issued, with the deadline of the application they
    answer, and the protocols the head chairs that wait for a signature."""
    registered = (
        Application.objects.filter(
            student=OuterRef("student"),
            status__in=[ApplicationStatus.REGISTERED, ApplicationStatus.IN_ASSESSMENT],
        )
        .order_by("register_entry__registered_at")
        .values("register_entry__registered_at")[:1]
    )
    to_issue = list(
        Conclusion.objects.filter(status=DocumentStatus.DRAFT, submitted_at__isnull=False)
        .select_related("student", "drafted_by")
        .annotate(application_registered_at=Subquery(registered))
        .order_by("submitted_at", "pk")[:20]
    )
    days = settings.DEADLINES["conclusion_working_days"]
    this_day = today()
    for conclusion in to_issue:
        registered_at = conclusion.application_registered_at
        conclusion.due = (
            working_days_after(timezone.localtime(registered_at).date(), days)
            if registered_at
            else None
        )
        conclusion.overdue = conclusion.due is not None and conclusion.due < this_day
    to_sign = list(
        MeetingProtocol.objects.filter(status=DocumentStatus.DRAFT, chair=user)
        .select_related("student")
        .order_by("date", "pk")[:20]
    )
    return {"to_issue": to_issue, "to_sign": to_sign}


def teacher(user, count: int = 10) -> dict:
    """Sections of routes in force in the current period for the teacher's courses:
    what to apply in this week's classes and exams. The first `count` (one more tells
    whether the list goes on: the teaching page has them all, a page at a time)."""
    first = compiled.rows(
        ("home: sections in force", user.pk, timezone.localdate(), count),
        lambda: _sections_shown(sections_in_force(user).prefetch_related(None), IN_FORCE)[
            : count + 1
        ],
    )
    adaptations = adaptations_of(tuple(section.pk for section in first[:count]))
    for section in first:
        section.adaptations = adaptations.get(section.pk, [])
    return {
        "in_force": first[:count],
        "more_in_force": len(first) > count,
        "to_agree": to_agree_shown(user, 20),
        "agreement_overdue_since": agreement_overdue_since(),
    }


# What the home shows of a course section: the course, the student's name and group,
# and (of a section in force) its adaptations but the two long texts (routes.diff).
IN_FORCE = tuple(
    name for name in SECTION_FIELDS if name not in {"content_adaptations", "method_adaptations"}
)


def _sections_shown(sections, columns=()):
    """Only the columns the home shows of each section (`shown_only`): the route's and
    the section's texts were most of what these rows read."""
    return shown_only(
        sections,
        ["course", "route", *columns, "route__student__study_group__code"],
        ["course", "route__student__study_group"],
        student="route__student",
    )


def to_agree_shown(user, count: int) -> list[RouteCourseSection]:
    """The first sections waiting for the teacher's agreement, as the home lists them."""
    return compiled.rows(
        ("home: sections to agree", user.pk, count),
        lambda: _sections_shown(sections_to_agree(user))[:count],
    )


def management(user) -> dict:
    routes = route_list_visible_to(user)

    today = timezone.localdate()
    year = AcademicYear.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    # Without a catalogue entry for this year: the Kazakh academic year starts on 1 September.
    year_start = year.starts_on if year else today.replace(month=9, day=1)
    if year_start > today:
        year_start = year_start.replace(year=year_start.year - 1)
    # Counts over every route: cached like the head's figures (a minute, or until a
    # route changes in this process) rather than counted on every visit.

    key = f"eagi:dashboard:glance:{_figures_version()}:{user.pk}:{year_start.isoformat()}"
    glance = cache.get(key)
    if glance is None:
        glance = routes.aggregate(
            waiting=Count("pk", filter=Q(status=RouteStatus.APPROVAL)),
            in_force=Count("pk", filter=Q(status=RouteStatus.ACTIVE)),
            approved_this_year=Count("pk", filter=Q(approved_at__date__gte=year_start)),
        )
        cache.set(key, glance, FIGURES_SECONDS)
    return {
        "to_approve": list(routes.filter(status=RouteStatus.APPROVAL).order_by("created_at")[:50]),
        "glance": glance,
        "year_start": year_start,
    }


NEXT_STEPS = {
    None: "apply",
    ApplicationStatus.SUBMITTED: "wait_registration",
    ApplicationStatus.REGISTERED: "wait_assessment",
    ApplicationStatus.IN_ASSESSMENT: "assessment",
    ApplicationStatus.CONCLUSION_ISSUED: "wait_route",
    ApplicationStatus.ROUTE_IN_PREPARATION: "wait_route",
    ApplicationStatus.ROUTE_APPROVED: "route",
    ApplicationStatus.CLOSED: "apply",
    ApplicationStatus.RETURNED: "resubmit",
    ApplicationStatus.WITHDRAWN: "apply",
    ApplicationStatus.DECLINED: "apply",
}


def next_step_text(step: str) -> str:
    return {
        "apply": _(
            "If you need conditions for your studies, submit an application: the centre "
            "will assess your needs and draw up your individual route."
        ),
        "wait_registration": _("Your application is being registered."),
        "wait_assessment": _(
            "The centre will assign a specialist and contact you in the way you chose."
        ),
        "assessment": _(
            "A specialist is assessing your needs. Come to the meetings you are invited to."
        ),
        "wait_route": _(
            "The centre is drafting your route with your teachers. You will be told when the "
            "rector's office approves it."
        ),
        "route": _(
            "Your route is in force. Your teachers apply the adaptations; tell the centre if "
            "one is not provided."
        ),
        "resubmit": _(
            "The centre needs more information: read the reason, add it and resubmit the "
            "application."
        ),
    }[step]


def family(user, students) -> list[dict]:
    """For the student or the representative: per student, the latest application,
    the route in force and the next step."""
    if not students:
        return []
    latest = {}
    for application in (
        Application.objects.filter(student__in=students)
        .select_related("register_entry")
        .order_by("student_id", "-submitted_at", "-pk")
    ):
        latest.setdefault(application.student_id, application)
    in_force = {
        route.student_id: route
        for route in Route.objects.filter(
            student__in=students, status=RouteStatus.ACTIVE
        ).select_related("period__academic_year", "register_entry")
    }
    rows = []
    for student in students:
        application = latest.get(student.pk)
        step = NEXT_STEPS[application.status if application else None]
        rows.append(
            {
                "student": student,
                "application": application,
                "route": in_force.get(student.pk),
                "step": step,
                "next_step": next_step_text(step),
            }
        )
    return rows
