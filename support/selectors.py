"""Reads the support pages need, already scoped to what the user may see
(docs/access-model.md, "The centre's support work"). Views ask these; they run no
query of their own."""

from django.db.models import Q, QuerySet

from routes.models import RouteCourseSection, RouteStatus
from students.models import Course, CourseAssignment, LegalRepresentative, Student
from students.permissions import is_centre_staff
from students.selectors import case_staff_condition

from .models import (
    AdaptationCheck,
    Barrier,
    FormatRequest,
    ImplementationReport,
    Interaction,
    Seminar,
    SupportSession,
    TeacherConsultation,
)


def own_students(user) -> QuerySet[Student]:
    """The student's own record and those the user represents."""
    return Student.objects.filter(
        Q(user=user) | Q(pk__in=LegalRepresentative.objects.filter(user=user).values("student"))
    )


def case_scope(user, path: str = "student") -> Q:
    """Rows of the cases the user works on as staff (all for the head). For the head it
    is a condition every row meets, not an empty Q(): `other | Q()` is just `other`,
    and escalated reports vanished from the head's page that way."""
    return case_staff_condition(user, path) or Q(pk__isnull=False)


def active_route(student):
    return (
        student.routes.filter(status=RouteStatus.ACTIVE)
        .select_related("period__academic_year")
        .first()
    )


def recent_sessions(student, limit: int = 50) -> list[SupportSession]:
    return list(
        SupportSession.objects.filter(measure__route__student=student)
        .select_related("measure__measure_type", "specialist")
        .order_by("-date", "-pk")[:limit]
    )


def consultations_visible_to(user, *, staff: bool) -> QuerySet[TeacherConsultation]:
    """Centre staff every consultation; a teacher their own."""
    rows = TeacherConsultation.objects.all()
    if not staff:
        rows = rows.filter(teacher=user)
    return rows.select_related("teacher", "specialist", "course")


def interactions_visible_to(user) -> QuerySet[Interaction]:
    return Interaction.objects.filter(Q(student__isnull=True) | case_scope(user)).select_related(
        "organisation", "student", "disclosure__register_entry", "recorded_by"
    )


def format_requests_visible_to(user) -> QuerySet[FormatRequest]:
    rows = FormatRequest.objects.select_related("student", "course", "material", "requested_by")
    if is_centre_staff(user):
        return rows.filter(case_scope(user))
    return rows.filter(student__in=own_students(user))


def courses_of_groups(groups: list[int]) -> QuerySet[Course]:
    return Course.objects.filter(
        pk__in=CourseAssignment.objects.filter(group__in=groups).values("course")
    ).order_by("code")


def all_courses() -> QuerySet[Course]:
    return Course.objects.order_by("code")


def barriers_visible_to(user, status: str | None) -> QuerySet[Barrier]:
    """Centre staff every report, anyone else their own; by status when one is asked."""
    rows = Barrier.objects.select_related("reported_by")
    if not is_centre_staff(user):
        rows = rows.filter(reported_by=user)
    if status in Barrier.Status.values:
        rows = rows.filter(status=status)
    return rows


def seminars_visible_to(user, *, head: bool) -> QuerySet[Seminar]:
    seminars = Seminar.objects.prefetch_related("attendees")
    if not head and not is_centre_staff(user):
        seminars = seminars.filter(attendees=user)
    return seminars


def active_sections() -> QuerySet[RouteCourseSection]:
    return RouteCourseSection.objects.filter(route__status=RouteStatus.ACTIVE).select_related(
        "course", "route__student__study_group", "teacher"
    )


def checks_of(teacher, limit: int = 50) -> list[AdaptationCheck]:
    return list(
        AdaptationCheck.objects.filter(teacher=teacher).select_related(
            "section__course", "section__route__student"
        )[:limit]
    )


def reports_visible_to(user, own, limit: int = 100) -> list[ImplementationReport]:
    """The student's and representative's own reports, a teacher's on their sections,
    and for centre staff those of their cases."""
    reports = ImplementationReport.objects.select_related(
        "section__course",
        "section__teacher",
        "section__route__student",
        "reported_by",
        "resolved_by",
    )
    condition = Q(section__route__student__in=own) | Q(section__teacher=user)
    if is_centre_staff(user):
        condition |= case_scope(user, "section__route__student")
    return list(reports.filter(condition).order_by("-created_at")[:limit])


def reports_to_resolve(user) -> QuerySet[ImplementationReport]:
    return ImplementationReport.objects.filter(case_scope(user, "section__route__student"))
