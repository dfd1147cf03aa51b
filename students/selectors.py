"""Reads that pages need, already scoped to what the user may see."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import (
    AcademicPeriod,
    CaseAssignment,
    CourseAssignment,
    LegalRepresentative,
    Student,
    StudentUserObjectPermission,
)
from .permissions import has_global_case_access
from .roles import Role, user_roles


def current_periods(today: datetime.date | None = None) -> QuerySet[AcademicPeriod]:
    today = today or timezone.localdate()
    return AcademicPeriod.objects.filter(starts_on__lte=today, ends_on__gte=today)


def _assigned_cases(user) -> Q:
    # Joins the direct-FK permission table (indexed on user and object) instead of
    # guardian's generic table; accept_global_perms does not apply by construction.
    return Q(
        Exists(
            StudentUserObjectPermission.objects.filter(
                user=user,
                permission__codename="view_case",
                permission__content_type__app_label="students",
                content_object=OuterRef("pk"),
            )
        )
    )


def _taught_students(user, today: datetime.date | None = None) -> Q:
    return Q(
        Exists(
            CourseAssignment.objects.filter(
                teacher=user,
                group=OuterRef("study_group"),
                period__in=current_periods(today),
            )
        )
    )


def _represented_students(user) -> Q:
    return Q(Exists(LegalRepresentative.objects.filter(user=user, student=OuterRef("pk"))))


def student_list_visible_to(user) -> QuerySet[Student]:
    """Every student record the user may open, with study data joined once."""
    students = Student.objects.with_study_data()
    if not user.is_authenticated or not user.is_active:
        return students.none()
    if has_global_case_access(user):
        return students
    roles = user_roles(user)
    condition = Q(pk__in=[])
    if Role.SPECIALIST in roles:
        condition |= _assigned_cases(user)
    if Role.TEACHER in roles:
        condition |= _taught_students(user)
    if Role.STUDENT in roles:
        condition |= Q(user=user)
    if Role.REPRESENTATIVE in roles:
        condition |= _represented_students(user)
    return students.filter(condition)


def active_assignments(student: Student) -> QuerySet[CaseAssignment]:
    return student.assignments.filter(ended_at__isnull=True).select_related("specialist")


def teaching_for(user, student: Student) -> QuerySet[CourseAssignment]:
    """The courses this user teaches the student's group in the current period."""
    return CourseAssignment.objects.filter(
        teacher=user, group=student.study_group_id, period__in=current_periods()
    ).select_related("course", "period__academic_year")


def courses_of(student: Student) -> QuerySet[CourseAssignment]:
    return (
        CourseAssignment.objects.filter(group=student.study_group_id, period__in=current_periods())
        .select_related("course", "teacher", "period__academic_year")
        .order_by("course__code")
    )
