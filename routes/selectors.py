"""Reads of routes, scoped to what each user may see. Teachers and the rector's
office get route data only: these querysets never join health profiles or
assessments."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from eagi_inclusion import compiled, facts
from eagi_inclusion.db import Literal
from eagi_inclusion.roles import Role, user_roles
from students.models import LegalRepresentative
from students.permissions import has_global_case_access
from students.selectors import (
    case_staff_condition,
    current_periods,
    person_key,
    reads_as_specialist,
    staff_case_exists,
    staff_case_ids,
    with_case_access,
)

from .deadlines import sent_for_agreement_at
from .models import (
    Conclusion,
    CourseAgreement,
    MeetingProtocol,
    Route,
    RouteCourseSection,
    RouteStatus,
    TeacherLetter,
)
from .models.routes import SEEN_BY_THE_STUDENT

MANAGEMENT_STATUSES = [
    RouteStatus.APPROVAL,
    RouteStatus.ACTIVE,
    RouteStatus.CLOSED,
    RouteStatus.SUPERSEDED,
]
TEACHER_STATUSES = [RouteStatus.AGREEMENT, *MANAGEMENT_STATUSES]


def route_list_visible_to(user, *, one: bool = False, case_access: bool = False) -> QuerySet[Route]:
    """`one`: the caller reads a single route by its id, or a case's few versions,
    where a correlated EXISTS costs an index probe a row and saves the queries for the
    literal lists (the staff cases by `staff_case_exists`, the taught routes).
    `case_access` (implies `one`): each row also carries `with_case_access`'s
    annotations for its student, and the staff cases are tested by them."""
    routes = Route.objects.select_related(
        "student__study_group", "period__academic_year", "register_entry"
    )
    if not user.is_authenticated or not user.is_active:
        return routes.none()
    if case_access:
        routes, one = with_case_access(routes, user, "student"), True
    if has_global_case_access(user):
        return routes
    roles = user_roles(user)
    condition = Q(pk__in=[])
    if Role.SPECIALIST in roles:
        condition |= (
            staff_case_exists(user, "student", annotated=case_access)
            if one
            else Q(student__in=staff_case_ids(user))
        )
    if Role.MANAGEMENT in roles:
        condition |= Q(status__in=MANAGEMENT_STATUSES)
    # Whoever teaches a course of the route (the SIS teaching assignment made them the
    # section's teacher) reads it from agreement on, whatever their roles: a specialist
    # who also teaches must be able to agree their course. For a specialist it is a
    # literal id list read once per request: an EXISTS beside `student IN (...)` in one
    # OR made PostgreSQL test every route of the institute (the home page grew 1.5x
    # from 1,000 to 20,000 students).
    if Role.TEACHER in roles or (one and Role.SPECIALIST in roles):
        condition |= Q(
            Exists(RouteCourseSection.objects.filter(route=OuterRef("pk"), teacher=user)),
            status__in=TEACHER_STATUSES,
        )
    elif Role.SPECIALIST in roles and (taught := taught_route_ids(user)):
        condition |= Q(pk__in=taught, status__in=TEACHER_STATUSES)
    if Role.STUDENT in roles:
        condition |= Q(student__user=user) & SEEN_BY_THE_STUDENT
    if Role.REPRESENTATIVE in roles:
        condition |= (
            Q(Exists(LegalRepresentative.objects.filter(user=user, student=OuterRef("student"))))
            & SEEN_BY_THE_STUDENT
        )
    return routes.filter(condition)


def route_list_key(user) -> tuple:
    """What `route_list_visible_to(user)` (a list, not `one`) reads to decide its SQL:
    `person_key` and, for a specialist, the staff cases' and (unless they teach by
    role) the taught routes' literal lists."""
    if not reads_as_specialist(user):
        return person_key(user)
    taught = None if Role.TEACHER in user_roles(user) else tuple(taught_route_ids(user))
    return (*person_key(user), tuple(staff_case_ids(user)), taught)


def taught_route_ids(user) -> list[int]:
    """Ids of the routes with a section this person teaches (by the teaching
    assignment, whatever their roles), read once per request and remembered on the
    user. One indexed query (route_section_teacher)."""
    return facts.remember(
        user,
        "taught_route_ids",
        lambda: sorted(
            set(
                compiled.rows(
                    ("routes taught", user.pk),
                    lambda: (
                        RouteCourseSection.objects.filter(teacher=user.pk)
                        .order_by()
                        .values_list("route_id", flat=True)
                    ),
                )
            )
        ),
    )


def sections_visible_in(route: Route, user, full: bool) -> list[RouteCourseSection]:
    """The sections of a route the user may read (a teacher only their own), each with
    `current_agreements`: the decision of the current round, read with the section,
    and `adaptations`: its adaptation types. Their SQL is kept per route, round and
    reader (eagi_inclusion.compiled)."""

    def build():
        this_round = CourseAgreement.objects.filter(
            section=OuterRef("pk"), round=route.agreement_round
        ).order_by("-at")
        sections = (
            RouteCourseSection.objects.filter(route=route.pk)
            .select_related("course", "teacher")
            .annotate(
                _decision=Subquery(this_round.values("decision")[:1]),
                _comment=Subquery(this_round.values("comment")[:1]),
                _decided_at=Subquery(this_round.values("at")[:1]),
            )
        )
        return sections if full else sections.filter(teacher=user)

    rows = compiled.rows(
        ("route sections", route.pk, route.agreement_round, None if full else user.pk), build
    )
    adaptations = adaptations_of(tuple(section.pk for section in rows))
    for section in rows:
        section.route = route
        section.adaptations = adaptations.get(section.pk, [])
        section.current_agreements = (
            [
                CourseAgreement(
                    section=section,
                    round=route.agreement_round,
                    decision=section._decision,
                    comment=section._comment,
                    at=section._decided_at,
                )
            ]
            if section._decision
            else []
        )
    return rows


def adaptations_of(section_ids: tuple[int, ...]) -> dict[int, list]:
    """The adaptation types of these sections, in the catalogue's order, by section."""
    through = RouteCourseSection.adaptation_types.through
    links = compiled.rows(
        ("sections' adaptations", section_ids),
        lambda: (
            through.objects.filter(routecoursesection__in=section_ids)
            .select_related("adaptationtype")
            .order_by("adaptationtype__position", "adaptationtype__code")
        ),
    )
    by_section = defaultdict(list)
    for link in links:
        by_section[link.routecoursesection_id].append(link.adaptationtype)
    return by_section


def sections_to_agree(user) -> QuerySet[RouteCourseSection]:
    """The teacher's sections of routes waiting for their decision in this round."""
    decided = CourseAgreement.objects.filter(
        section=OuterRef("pk"), round=OuterRef("route__agreement_round")
    )
    return (
        RouteCourseSection.objects.filter(teacher=user, route__status=RouteStatus.AGREEMENT)
        .exclude(Exists(decided))
        .annotate(sent_at=sent_for_agreement_at("route"))
        .select_related("route__student__study_group", "course", "route__period__academic_year")
        .order_by("route__created_at", "pk")
    )


def sections_in_force(user) -> QuerySet[RouteCourseSection]:
    """The teacher's sections of routes in force in the current period, by course and
    student: what to apply in this semester's classes and exams. Each carries its
    adaptation types as a list (`adaptations`): the tables read them twice a row, and a
    related manager is made anew on every read."""
    return (
        RouteCourseSection.objects.filter(
            teacher=user,
            route__status=Literal(RouteStatus.ACTIVE),  # a plan PostgreSQL keeps (db.py)
            route__period__in=current_periods(),
        )
        .select_related("course", "route__student__study_group")
        .prefetch_related(Prefetch("adaptation_types", to_attr="adaptations"))
        .order_by("course__code", "route__student__last_name", "pk")
    )


def letters_of(user) -> QuerySet[TeacherLetter]:
    return (
        TeacherLetter.objects.filter(teacher=user)
        .select_related(
            "section__course",
            "section__route__student__study_group",
            "section__route__period__academic_year",
            "section__route__register_entry",
            "register_entry",
        )
        .order_by("acknowledged_at", "-created_at", "-pk")
    )


def _case_staff_rows(queryset, user):

    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    condition = case_staff_condition(user)
    return queryset if condition is None else queryset.filter(condition)


def conclusion_list_visible_to(user):
    """Conclusions of the cases the user works on as centre staff."""

    return _case_staff_rows(
        Conclusion.objects.select_related(
            "student__study_group__programme__faculty", "register_entry", "drafted_by"
        ),
        user,
    )


def protocol_list_visible_to(user):
    """Team meeting protocols of the cases the user works on as centre staff."""

    return _case_staff_rows(
        MeetingProtocol.objects.select_related(
            "student__study_group__programme__faculty", "register_entry", "chair"
        ),
        user,
    )
