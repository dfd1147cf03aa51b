"""Reads that pages need, already scoped to what the user may see."""

import datetime

from django.db.models import DateTimeField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from eagi_inclusion import compiled, facts
from eagi_inclusion.roles import Role, user_roles

from .models import (
    AcademicPeriod,
    Application,
    CaseAssignment,
    CourseAssignment,
    EmergencyAccess,
    LegalRepresentative,
    Student,
    StudentUserObjectPermission,
    User,
)
from .permissions import has_global_case_access, is_centre_staff, remember_case_access


def current_periods(today: datetime.date | None = None) -> QuerySet[AcademicPeriod]:
    today = today or timezone.localdate()
    return AcademicPeriod.objects.filter(starts_on__lte=today, ends_on__gte=today)


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


def staff_case_ids(user) -> list[int]:
    """Ids of the cases the user reaches as staff: assigned ones (for a specialist)
    and unexpired emergency accesses, read once per request and remembered on the
    user (forgotten when an assignment or emergency access changes).

    The lists filter by this literal list rather than by a subquery: the planner then
    knows exactly how many cases it starts from, even on tables not analysed since a
    large import, where `IN (subquery UNION subquery)` was planned as a nested loop over
    every row (docs/performance.md); and SQLite accepts it (it refuses ORDER BY in a
    compound subquery)."""
    memo = facts.recall(user, "staff_case_ids")
    if memo is not None and memo[0] > timezone.now():
        return memo[1]
    now = timezone.now()
    specialist = Role.SPECIALIST in user_roles(user)

    def build():
        # One query, two branches: the unexpired emergency accesses with their end, and
        # for a specialist the cases granted to them (no end).
        emergencies = (
            EmergencyAccess.objects.filter(user=user.pk, expires_at__gt=timezone.now())
            .order_by()
            .values_list("student_id", "expires_at")
        )
        if not specialist:
            return emergencies
        granted = (
            StudentUserObjectPermission.objects.filter(
                user=user.pk, permission__codename="view_case"
            )
            .order_by()
            .annotate(ends=Value(None, output_field=DateTimeField()))
            .values_list("content_object_id", "ends")
        )
        return emergencies.union(granted, all=True)

    cases = compiled.rows(("staff cases", user.pk, specialist), build)
    ids = {student_id for student_id, _ in cases}
    emergencies = [(student_id, ends) for student_id, ends in cases if ends is not None]
    # Remembered until the first emergency access among them expires.
    valid_until = min(
        [expires for _, expires in emergencies], default=now + datetime.timedelta(days=1)
    )
    result = sorted(ids)
    facts.prime(user, "staff_case_ids", (valid_until, result))
    return result


def case_access_until(user) -> datetime.datetime | None:
    """When the first emergency access among the user's cases ends, as `staff_case_ids`
    read it in this request (None: not read, or none): what is kept of a page computed
    from those cases ends then (eagi_inclusion.data_version.kept)."""
    memo = facts.recall(user, "staff_case_ids")
    return memo[0] if memo is not None else None


def staff_case_exists(user, student_ref: str = "pk", *, annotated: bool = False) -> Q:
    """The cases of `staff_case_ids`, tested row by row: an unexpired emergency access,
    or (for a specialist) the assignment's object permission. For a page that reads one
    case, two index probes in its one query, instead of two queries for the person's
    whole list and a literal list of every id in it. `annotated`: the rows carry
    `with_case_access`'s annotations, which hold the same two tests; the condition reads
    them rather than building two more subqueries (#32: 4–6 ms of Django's Python on
    every route and case page, docs/performance.md)."""
    specialist = Role.SPECIALIST in user_roles(user)
    if annotated:
        condition = Q(_emergency__isnull=False)
        return condition | Q(_view_case=True) if specialist else condition
    condition = Q(
        Exists(
            EmergencyAccess.objects.filter(
                user=user, student=OuterRef(student_ref), expires_at__gt=timezone.now()
            )
        )
    )
    if specialist:
        condition |= Q(
            Exists(
                StudentUserObjectPermission.objects.filter(
                    user=user,
                    content_object=OuterRef(student_ref),
                    permission__codename="view_case",
                )
            )
        )
    return condition


def person_key(user) -> tuple:
    """What the selectors here read about `user` to decide a query's SQL, for keeping
    that SQL (eagi_inclusion.compiled): who they are, whether they may sign in, their
    roles, the head's access to every case, and the day (the current periods). Read
    once per request (eagi_inclusion.facts: forgotten with the person's other facts)."""
    if not user.is_authenticated:
        return (None,)
    return facts.remember(
        user,
        "person_key",
        lambda: (
            user.pk,
            user.is_active,
            user.is_superuser,
            user_roles(user),
            has_global_case_access(user),
            timezone.localdate(),
        ),
    )


def student_list_key(user) -> tuple:
    """What `student_list_visible_to(user)` (a list, not `one`) reads to decide its SQL:
    `person_key` and, but for the head, the staff cases' literal list."""
    if not user.is_authenticated or not user.is_active or has_global_case_access(user):
        return person_key(user)
    return (*person_key(user), tuple(staff_case_ids(user)))


def reads_as_specialist(user) -> bool:
    """Whether the list selectors embed this person's staff cases as a specialist's
    (`application_list_visible_to`, routes.selectors.route_list_visible_to)."""
    return (
        user.is_authenticated
        and user.is_active
        and not has_global_case_access(user)
        and Role.SPECIALIST in user_roles(user)
    )


def application_list_key(user) -> tuple:
    """What `application_list_visible_to(user)` reads to decide its SQL: `person_key`
    and, for a specialist, the staff cases' literal list."""
    if not reads_as_specialist(user):
        return person_key(user)
    return (*person_key(user), tuple(staff_case_ids(user)))


def student_list_visible_to(
    user, *, one: bool = False, case_access: bool = False
) -> QuerySet[Student]:
    """Every student record the user may open, with study data joined once. `one`: the
    caller reads a single record by its id, and staff cases are tested row by row
    (`staff_case_exists`), not by the person's literal list. `case_access` (implies
    `one`): each row also carries `with_case_access`'s annotations, and the staff cases
    are tested by them."""
    students = Student.objects.with_study_data()
    if not user.is_authenticated or not user.is_active:
        return students.none()
    if case_access:
        students, one = with_case_access(students, user), True
    if has_global_case_access(user):
        return students
    roles = user_roles(user)
    condition = (
        staff_case_exists(user, annotated=case_access) if one else Q(pk__in=staff_case_ids(user))
    )
    if Role.TEACHER in roles:
        condition |= _taught_students(user)
    if Role.STUDENT in roles:
        condition |= Q(user=user)
    if Role.REPRESENTATIVE in roles:
        condition |= _represented_students(user)
    return students.filter(condition)


def centre_staff_accounts() -> QuerySet[User]:
    """The active accounts of the centre's staff: the specialists and the head."""
    return User.objects.filter(
        is_active=True, groups__name__in=[Role.SPECIALIST, Role.CENTRE_HEAD]
    ).distinct()


def active_assignments(student: Student) -> list[CaseAssignment]:
    """The case's specialists now, their SQL kept per case (eagi_inclusion.compiled)."""
    return compiled.children(
        student, CaseAssignment, "student", "specialist", ended_at__isnull=True
    )


def teaching_for(user, student: Student) -> QuerySet[CourseAssignment]:
    """The courses this user teaches the student's group in the current period."""
    return CourseAssignment.objects.filter(
        teacher=user, group=student.study_group_id, period__in=current_periods()
    ).select_related("course", "period__academic_year")


def courses_of(student: Student) -> list[CourseAssignment]:
    """The courses of the student's group this semester, their SQL kept per group and
    day (eagi_inclusion.compiled)."""
    today = timezone.localdate()
    return compiled.rows(
        ("group's courses", student.study_group_id, today),
        lambda: (
            CourseAssignment.objects.filter(
                group=student.study_group_id, period__in=current_periods(today)
            )
            .select_related("course", "teacher", "period__academic_year")
            .order_by("course__code")
        ),
    )


def application_list_visible_to(user):
    """Applications the user may open: the applicant, the student and their
    representatives, centre staff on the case, the centre head. Teachers see only the
    requests they made themselves."""

    applications = Application.objects.select_related(
        "register_entry", "student__study_group", "submitted_by"
    )
    if not user.is_authenticated or not user.is_active:
        return applications.none()
    if has_global_case_access(user):
        return applications
    roles = user_roles(user)
    condition = Q(pk__in=[])
    # The registry clerk registers paper applications on others' behalf but sees
    # only their registration data (RegistryListView), never the application.
    if roles & {Role.STUDENT, Role.REPRESENTATIVE, Role.TEACHER}:
        condition |= Q(submitted_by=user)
    if Role.SPECIALIST in roles:
        condition |= Q(student__in=staff_case_ids(user))
    if Role.STUDENT in roles:
        condition |= Q(student__user=user)
    if Role.REPRESENTATIVE in roles:
        condition |= Q(
            Exists(LegalRepresentative.objects.filter(user=user, student=OuterRef("student")))
        )
    return applications.filter(condition)


def application_pdf_visible_to(user):
    """Whose application forms a user may print: those they may open, and for the
    registry clerk the paper applications they registered themselves — the form has a
    block for the clerk's signature (#28, finding 15). The clerk typed the application
    in from paper, so the form shows them nothing new; the application's page, its
    status and its files stay closed to them."""
    visible = application_list_visible_to(user)
    if user.is_authenticated and Role.REGISTRY in user_roles(user):
        registered = Application.objects.select_related(
            "register_entry", "student__study_group", "submitted_by"
        ).filter(submitted_by=user, channel=Application.Channel.PAPER)
        return visible | registered
    return visible


def students_user_may_apply_for(user):
    """Students for whom this user may submit an application, by their relation."""
    roles = user_roles(user)
    condition = Q(pk__in=[])
    if Role.STUDENT in roles:
        condition |= Q(user=user)
    if Role.REPRESENTATIVE in roles:
        condition |= _represented_students(user)
    if Role.TEACHER in roles:
        condition |= _taught_students(user)
    return Student.objects.filter(condition).order_by("last_name", "first_name")


def case_staff_condition(user, student_ref: str = "student") -> Q | None:
    """Rows of cases the user reads as centre staff (routes.views.common.case_for_staff):
    every case for the head, assigned cases for a specialist, and an unexpired
    emergency access for anyone. None when the user may read every case."""

    if has_global_case_access(user) and is_centre_staff(user):
        return None
    return Q(**{f"{student_ref}__in": staff_case_ids(user)})


def with_case_access(queryset, user, student_ref: str = "pk"):
    """Annotate each row with what the permission checks of students/permissions.py
    need about its case for this user: the object permissions of an assignment and an
    unexpired emergency access. `remember_case_access_of` then primes the per-request
    memory, so a detail page checks them without further queries."""
    if not user.is_authenticated:
        return queryset
    granted = StudentUserObjectPermission.objects.filter(
        user=user, content_object=OuterRef(student_ref)
    )
    emergencies = EmergencyAccess.objects.filter(
        user=user, student=OuterRef(student_ref), expires_at__gt=timezone.now()
    )
    return queryset.annotate(
        _view_case=Exists(granted.filter(permission__codename="view_case")),
        _view_health=Exists(granted.filter(permission__codename="view_case_health")),
        _work=Exists(granted.filter(permission__codename="work_on_case")),
        _emergency=Subquery(emergencies.order_by("-granted_at").values("pk")[:1]),
        _emergency_until=Subquery(emergencies.order_by("-expires_at").values("expires_at")[:1]),
    )


def case_access_of_row_until(user, row) -> datetime.datetime | None:
    """When what the user may see of this row's case next changes by the clock alone:
    the end of their emergency access to it (as `with_case_access` read it), or of the
    first among all their cases' when `staff_case_ids` was read in this request. What
    is kept of a page of this one case ends then (eagi_inclusion.data_version.kept)."""
    ends = [t for t in (row._emergency_until, case_access_until(user)) if t is not None]
    return min(ends, default=None)


def remember_case_access_of(user, row, student) -> None:

    codes = frozenset(
        code
        for code, flag in (
            ("view_case", row._view_case),
            ("view_case_health", row._view_health),
            ("work_on_case", row._work),
        )
        if flag
    )
    remember_case_access(user, student, codes, row._emergency is not None)
