"""A realistic data set of any size, written in bulk: students with health profiles
and SEN categories, case assignments with their object permissions, consents,
applications, conclusions and routes with course sections, all registered in the
unified register. Used by `python -m bench.seed_scale`, by the benchmark and by the
tests that check that pages cost the same number of queries at 10 and at thousands of
cases.

The rows are made as the services would make them (a specialist holds exactly the
object permissions `case_assign` grants), but without their per-row checks and
notifications, so that tens of thousands of cases take minutes.
"""

import datetime
import itertools
import random
import uuid

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from documents.kinds import number_series
from documents.models import AccessEvent, RegisterCounter, RegisterEntry
from documents.register import new_verification_code
from eagi_inclusion.db import analyze
from eagi_inclusion.roles import Role
from routes.models import (
    Conclusion,
    DocumentStatus,
    Route,
    RouteCourseSection,
    RouteStatus,
    TeacherLetter,
)
from routes.series import CONCLUSION, LETTER, ROUTE
from students.models import (
    AcademicPeriod,
    AcademicYear,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CaseAssignment,
    Consent,
    Course,
    CourseAssignment,
    Faculty,
    HealthProfile,
    NeedCategory,
    Programme,
    Student,
    StudentUserObjectPermission,
    StudyGroup,
    User,
)
from students.permissions import CASE_PERMISSIONS
from students.series import APPLICATION
from students.validators import iin_check_digit

BATCH = 2000
SURNAMES = [
    ("Нұрланова", "Нурланова"),
    ("Сейітқызы", "Сеитказы"),
    ("Төлеген", "Толеген"),
    ("Әбілов", "Абилов"),
    ("Жақсыбекова", "Жаксыбекова"),
    ("Иванов", "Иванов"),
    ("Ким", "Ким"),
    ("Оспанов", "Оспанов"),
    ("Қасымова", "Касымова"),
    ("Петрова", "Петрова"),
]
FIRST_NAMES = ["Әлия", "Данияр", "Аружан", "Нұрбол", "Айгерім", "Пётр", "Мария", "Ерлан"]


def _iins(count: int, start: int):
    """Valid, distinct IINs (birth date, century, serial, check digit)."""
    made = 0
    for serial in itertools.count(start):
        born = datetime.date(2000, 1, 1) + datetime.timedelta(days=serial % 2900)
        first = f"{born:%y%m%d}5{(serial // 2900) % 10000:04d}"
        check = iin_check_digit(first)
        if check is None:
            continue
        yield f"{first}{check}", born
        made += 1
        if made == count:
            return


def _users(prefix: str, count: int, role: str) -> list[User]:
    existing = {u.username: u for u in User.objects.filter(username__startswith=f"{prefix}-")}
    new = [
        User(
            username=f"{prefix}-{n}",
            first_name="Сынақ",
            last_name=f"{prefix.title()}{n}",
            password="!",  # no usable password: these accounts never sign in
            email=f"{prefix}-{n}@scale.invalid",
        )
        for n in range(1, count + 1)
        if f"{prefix}-{n}" not in existing
    ]
    User.objects.bulk_create(new, batch_size=BATCH)
    users = list(User.objects.filter(username__startswith=f"{prefix}-").order_by("pk"))[:count]
    group = Group.objects.get(name=role)
    group.user_set.add(*users)
    return users


def _register(doc_type: str, students, author, when) -> list[RegisterEntry]:
    year = timezone.localtime(when).year
    counter, _ = RegisterCounter.objects.select_for_update().get_or_create(
        doc_type=doc_type, year=year
    )
    start = counter.last_number
    entries = [
        RegisterEntry(
            number=number_series(doc_type).pattern.format(year=year, sequence=start + i),
            doc_type=doc_type,
            year=year,
            sequence=start + i,
            registered_at=when,
            student=student,
            author=author,
            language=student.document_language,
            verification_code=new_verification_code(),
        )
        for i, student in enumerate(students, start=1)
    ]
    RegisterEntry.objects.bulk_create(entries, batch_size=BATCH)
    counter.last_number = start + len(entries)
    counter.save(update_fields=["last_number"])
    return entries


@transaction.atomic
def generate(
    *, students: int, specialist_cases: int = 200, seed: int = 1, analyze_tables: bool = True
) -> dict:
    """Add `students` cases, spread over specialists who hold `specialist_cases`
    each, then refresh the planner's statistics (unless `analyze_tables` is off, as
    for a test of how pages fare on stale statistics). Returns the people made."""
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    year = AcademicYear.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
    if year is None:
        first = today.year if today.month >= 9 else today.year - 1
        year = AcademicYear.objects.create(
            name=f"{first}-{first + 1}",
            starts_on=datetime.date(first, 9, 1),
            ends_on=datetime.date(first + 1, 6, 30),
        )
    period, _ = AcademicPeriod.objects.get_or_create(
        academic_year=year,
        kind=AcademicPeriod.Kind.SEMESTER,
        number=1,
        defaults={
            "starts_on": today - datetime.timedelta(days=60),
            "ends_on": today + datetime.timedelta(days=60),
        },
    )
    faculties = [
        Faculty.objects.get_or_create(
            code=f"SC{n}", defaults={"name_kk": f"Факультет {n}", "name_ru": f"Факультет {n}"}
        )[0]
        for n in range(1, 6)
    ]
    programmes = [
        Programme.objects.get_or_create(
            code=f"6BSC{n:03d}",
            defaults={
                "faculty": faculties[n % 5],
                "name_kk": f"Бағдарлама {n}",
                "name_ru": f"Программа {n}",
            },
        )[0]
        for n in range(1, 11)
    ]
    offset = Student.objects.count()
    group_count = max(1, (offset + students) // 25)
    StudyGroup.objects.bulk_create(
        [
            StudyGroup(
                code=f"SC-{n:05d}",
                programme=programmes[n % 10],
                admission_year=2022 + n % 4,
                language_of_study="kk" if n % 3 else "ru",
            )
            for n in range(group_count)
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    groups = list(StudyGroup.objects.filter(code__startswith="SC-").order_by("code"))
    Course.objects.bulk_create(
        [
            Course(code=f"SC{n:03d}", name_kk=f"Пән {n}", name_ru=f"Дисциплина {n}")
            for n in range(40)
        ],
        ignore_conflicts=True,
    )
    courses = list(Course.objects.filter(code__startswith="SC").order_by("code"))
    head = _users("scale-head", 1, Role.CENTRE_HEAD)[0]
    rector = _users("scale-rector", 1, Role.MANAGEMENT)[0]
    # Every tenth case waits for a specialist; the others are dealt out so that each
    # specialist holds `specialist_cases` (the last one fewer).
    already = CaseAssignment.objects.filter(specialist__username__startswith="scale-spec-").count()
    to_assign = sum(1 for n in range(offset, offset + students) if n % 10)
    specialists = _users(
        "scale-spec", max(1, -(-(already + to_assign) // specialist_cases)), Role.SPECIALIST
    )
    # A teacher teaches a course to about a dozen groups.
    teachers = _users("scale-teacher", max(1, len(groups) // 3), Role.TEACHER)
    # Groups keep the teachers they had when the data set grows.
    taught = set(CourseAssignment.objects.filter(period=period).values_list("group_id", flat=True))
    CourseAssignment.objects.bulk_create(
        [
            CourseAssignment(
                teacher=teachers[(index + k) % len(teachers)],
                course=courses[(index * 4 + k) % len(courses)],
                group=group,
                period=period,
            )
            for index, group in enumerate(groups)
            if group.pk not in taught
            for k in range(4)
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    teaching = {}  # group -> {course: assignment}, one teacher per course
    for assignment in CourseAssignment.objects.filter(period=period, group__in=groups):
        teaching.setdefault(assignment.group_id, {}).setdefault(assignment.course_id, assignment)

    records = []
    for index, (iin, born) in enumerate(_iins(students, offset), start=offset):
        surname_kk, surname_ru = SURNAMES[index % len(SURNAMES)]
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        language = "kk" if index % 3 else "ru"
        records.append(
            Student(
                iin=iin,
                last_name=surname_kk,
                first_name=first,
                full_name_ru=f"{surname_ru} {first}",
                date_of_birth=born,
                study_group=groups[index % len(groups)],
                year_of_study=1 + index % 4,
                language_of_study=language,
                document_language=language,
            )
        )
    Student.objects.bulk_create(records, batch_size=BATCH)
    categories = list(NeedCategory.objects.all())
    profiles = HealthProfile.objects.bulk_create(
        [HealthProfile(student=s, notes="scale data set") for s in records], batch_size=BATCH
    )
    through = HealthProfile.need_categories.through
    through.objects.bulk_create(
        [
            through(healthprofile=profile, needcategory=category)
            for profile in profiles
            for category in rng.sample(
                categories, k=min(len(categories), 1 if rng.random() < 0.7 else 2)
            )
        ],
        batch_size=BATCH,
    )
    # With the object permissions case_assign grants.
    assigned = [s for n, s in enumerate(records, start=offset) if n % 10]
    owner = {
        s.pk: specialists[(n // specialist_cases) % len(specialists)]
        for n, s in enumerate(assigned, start=already)
    }
    CaseAssignment.objects.bulk_create(
        [CaseAssignment(student=s, specialist=owner[s.pk], assigned_by=head) for s in assigned],
        batch_size=BATCH,
    )
    permissions = list(
        Permission.objects.filter(content_type__app_label="students", codename__in=CASE_PERMISSIONS)
    )
    StudentUserObjectPermission.objects.bulk_create(
        [
            StudentUserObjectPermission(user=owner[s.pk], permission=p, content_object=s)
            for s in assigned
            for p in permissions
        ],
        batch_size=BATCH,
    )
    consents = Consent.objects.bulk_create(
        [
            Consent(
                student=s,
                given_by=head,
                given_by_kind=Consent.GivenBy.STUDENT,
                operator="EAGI",
                purposes="inclusive education",
                data_categories="study, health",
                text_version="scale",
            )
            for s in records
        ],
        batch_size=BATCH,
    )
    entries = _register(APPLICATION, records, head, now)
    statuses = [
        ApplicationStatus.REGISTERED,
        ApplicationStatus.IN_ASSESSMENT,
        ApplicationStatus.CONCLUSION_ISSUED,
        ApplicationStatus.ROUTE_APPROVED,
        ApplicationStatus.ROUTE_APPROVED,
    ]
    applications = Application.objects.bulk_create(
        [
            Application(
                student=s,
                channel="paper" if n % 4 == 0 else "online",
                applicant_kind="student",
                submitted_by=head,
                consent=consent,
                difficulties="scale",
                conditions_requested="scale",
                preferred_contact="email",
                document_language=s.document_language,
                status=statuses[n % len(statuses)],
                register_entry=entry,
                submission_token=uuid.uuid4(),
            )
            for n, (s, consent, entry) in enumerate(zip(records, consents, entries, strict=True))
        ],
        batch_size=BATCH,
    )
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(application=a, actor=head, from_status="", to_status=a.status)
            for a in applications
        ],
        batch_size=BATCH,
    )
    with_conclusion = [s for n, s in enumerate(records) if n % 3]
    conclusion_entries = _register(CONCLUSION, with_conclusion, head, now)
    Conclusion.objects.bulk_create(
        [
            Conclusion(
                student=s,
                status=DocumentStatus.ISSUED,
                analysis="scale",
                drafted_by=owner.get(s.pk, head),
                issued_by=head,
                issued_at=now,
                register_entry=entry,
            )
            for s, entry in zip(with_conclusion, conclusion_entries, strict=True)
        ],
        batch_size=BATCH,
    )
    with_route = [s for n, s in enumerate(records) if n % 2 == 0]
    mix = (
        [RouteStatus.ACTIVE] * 12
        + [RouteStatus.DRAFT] * 3
        + [RouteStatus.AGREEMENT] * 3
        + [RouteStatus.APPROVAL] * 2
    )
    states = {s.pk: mix[n % len(mix)] for n, s in enumerate(with_route)}
    active = [s for s in with_route if states[s.pk] == RouteStatus.ACTIVE]
    route_entries = dict(
        zip([s.pk for s in active], _register(ROUTE, active, rector, now), strict=True)
    )
    routes = Route.objects.bulk_create(
        [
            Route(
                student=s,
                period=period,
                status=states[s.pk],
                created_by=owner.get(s.pk, head),
                approved_by=rector if s.pk in route_entries else None,
                approved_at=now if s.pk in route_entries else None,
                register_entry=route_entries.get(s.pk),
                special_conditions="scale",
            )
            for s in with_route
        ],
        batch_size=BATCH,
    )
    RouteCourseSection.objects.bulk_create(
        [
            RouteCourseSection(
                route=route,
                course_id=assignment.course_id,
                teacher_id=assignment.teacher_id,
                extra_time_percent=25 if n % 2 else 0,
                separate_room=bool(n % 3 == 0),
            )
            for route in routes
            for n, assignment in enumerate(teaching.get(route.student.study_group_id, {}).values())
        ],
        batch_size=BATCH,
    )
    # Teachers' letters for the sections of routes in force, registered like all else.
    sections = list(
        RouteCourseSection.objects.filter(
            route__in=[r for r in routes if r.status == RouteStatus.ACTIVE]
        ).select_related("route__student")
    )
    letter_entries = _register(LETTER, [section.route.student for section in sections], rector, now)
    TeacherLetter.objects.bulk_create(
        [
            TeacherLetter(section=section, teacher_id=section.teacher_id, register_entry=entry)
            for section, entry in zip(sections, letter_entries, strict=True)
        ],
        batch_size=BATCH,
    )
    if analyze_tables:
        analyze()
    return {
        "head": head,
        "rector": rector,
        "specialists": specialists,
        "teachers": teachers,
        "students": Student.objects.count(),
    }


def add_history_and_access_log(*, history_per_student: int, events_per_student: int) -> dict:
    """Change history and read-access log rows of the size a few years of use leave:
    the tables whose growth the history and "who viewed my data" pages must not feel."""

    historical = Student.history.model
    names = [f.attname for f in historical._meta.fields if hasattr(Student, f.attname)]
    names = [n for n in names if n not in {"history_id"}]
    people = list(
        User.objects.filter(username__startswith="scale-spec-").values_list("pk", flat=True)
    )
    now = timezone.now()
    history_rows = events = 0
    students = Student.objects.order_by("pk").values(*[n for n in names if n != "id"], "id")
    batch_history, batch_events = [], []
    for index, row in enumerate(students.iterator(chunk_size=BATCH)):
        for k in range(history_per_student):
            batch_history.append(
                historical(
                    **row,
                    history_date=now - datetime.timedelta(days=k * 30, seconds=index),
                    history_type="~" if k else "+",
                    history_change_reason="",
                )
            )
        for k in range(events_per_student):
            batch_events.append(
                AccessEvent(
                    actor_id=people[(index + k) % len(people)],
                    action=AccessEvent.Action.CASE_VIEW,
                    role="specialist",
                    student_id=row["id"],
                    object_type="students.student",
                    object_id=str(row["id"]),
                    path=f"/students/{row['id']}/",
                    ip_address="10.0.0.1",
                )
            )
        if len(batch_events) >= 20 * BATCH:
            history_rows += len(historical.objects.bulk_create(batch_history, batch_size=BATCH))
            events += len(AccessEvent.objects.bulk_create(batch_events, batch_size=BATCH))
            batch_history, batch_events = [], []
    history_rows += len(historical.objects.bulk_create(batch_history, batch_size=BATCH))
    events += len(AccessEvent.objects.bulk_create(batch_events, batch_size=BATCH))
    return {"history_rows": history_rows, "access_events": events}
