"""The list pages: every filter and search on data with Kazakh and Russian names,
scoping per role, sorting, and the filter kept in the URL."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from routes import services as routes
from students.models import NeedCategory
from students.services import case_archive, case_assign
from tests import factories as f
from tests.helpers import apply_online as _apply

pytestmark = pytest.mark.django_db


def _names(response, key="students"):
    return sorted(row.last_name for row in response.context[key])


@pytest.fixture
def campus(centre_head, specialist, period):
    """Two faculties, two groups, four students; Әлия has a specialist and a SEN
    category, Пётр has neither, Айгерім's case is archived."""
    pedagogy = f.FacultyFactory(code="PED", name_kk="Педагогика", name_ru="Педагогика")
    it = f.FacultyFactory(code="IT", name_kk="Ақпараттық технологиялар", name_ru="ИТ")
    pp = f.ProgrammeFactory(faculty=pedagogy, code="6B01101")
    ist = f.ProgrammeFactory(faculty=it, code="6B06101")
    pp_group = f.StudyGroupFactory(programme=pp, code="ПП-23-1", admission_year=2023)
    is_group = f.StudyGroupFactory(programme=ist, code="ИС-24-2", admission_year=2024)
    visual, hearing = NeedCategory.objects.order_by("pk")[:2]
    aliya = f.StudentFactory(
        last_name="Нұрланова",
        first_name="Әлия",
        patronymic="Серікқызы",
        full_name_ru="Нурланова Алия Сериковна",
        study_group=pp_group,
        year_of_study=3,
    )
    f.HealthProfileFactory(student=aliya).need_categories.add(visual)
    case_assign(student=aliya, specialist=specialist, actor=centre_head)
    petr = f.StudentFactory(
        last_name="Иванов",
        first_name="Пётр",
        patronymic="Сергеевич",
        study_group=is_group,
        year_of_study=2,
    )
    f.HealthProfileFactory(student=petr).need_categories.add(hearing)
    aigerim = f.StudentFactory(
        last_name="Жақсыбекова", first_name="Айгерім", study_group=pp_group, year_of_study=3
    )
    case_assign(student=aigerim, specialist=specialist, actor=centre_head)
    case_archive(student=aigerim, actor=centre_head, reason="graduated")
    daniyar = f.StudentFactory(
        last_name="Төлеген", first_name="Данияр", study_group=is_group, year_of_study=2
    )
    return {
        "aliya": aliya,
        "petr": petr,
        "aigerim": aigerim,
        "daniyar": daniyar,
        "visual": visual,
        "pedagogy": pedagogy,
        "pp": pp,
    }


def _students(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("students:student-list"), params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("әлия", ["Нұрланова"]),  # lower case Kazakh letters find upper case ones
        ("НҰРЛАН", ["Нұрланова"]),
        ("алия", ["Нұрланова"]),  # the Russian spelling of the name
        ("пётр", ["Иванов"]),
        ("иванов сергеевич", ["Иванов"]),  # every word must match
        ("иванов әлия", []),
        ("төлеген", ["Төлеген"]),
    ],
)
def test_search_by_name_in_kazakh_and_russian(client, centre_head, campus, query, expected):
    assert _names(_students(client, centre_head, q=query)) == expected


def test_search_by_iin_prefix(client, centre_head, campus):
    iin = campus["petr"].iin
    assert _names(_students(client, centre_head, q=iin[:11])) == ["Иванов"]
    assert len(_names(_students(client, centre_head, q=iin[:6]))) == 4  # same birth date
    assert _names(_students(client, centre_head, q=iin)) == ["Иванов"]


def test_filters_by_study_data(client, centre_head, campus):
    head = centre_head
    assert _names(_students(client, head, faculty=campus["pedagogy"].pk)) == [
        "Жақсыбекова",
        "Нұрланова",
    ]
    assert _names(_students(client, head, programme=campus["pp"].pk, state="open")) == ["Нұрланова"]
    assert _names(_students(client, head, group="пп-23")) == ["Жақсыбекова", "Нұрланова"]
    assert _names(_students(client, head, year_of_study=2)) == ["Иванов", "Төлеген"]


def test_filters_of_the_centre(client, centre_head, specialist, campus):
    head = centre_head
    assert _names(_students(client, head, need_category=campus["visual"].pk)) == ["Нұрланова"]
    assert _names(_students(client, head, specialist=specialist.pk, state="open")) == ["Нұрланова"]
    assert _names(_students(client, head, unassigned="on")) == ["Иванов", "Төлеген"]
    assert _names(_students(client, head, state="archived")) == ["Жақсыбекова"]


def test_a_specialist_filters_only_their_cases(client, specialist, campus):
    assert _names(_students(client, specialist)) == ["Жақсыбекова", "Нұрланова"]
    assert _names(_students(client, specialist, year_of_study=2)) == []


def test_a_teacher_sees_neither_health_nor_centre_filters(client, campus, period):
    assignment = f.CourseAssignmentFactory(group=campus["aliya"].study_group, period=period)
    teacher = assignment.teacher
    response = _students(client, teacher)
    form = response.context["filter"].form
    assert "need_category" not in form.fields and "specialist" not in form.fields
    body = response.content.decode()
    assert "SEN category" not in body and 'name="need_category"' not in body
    # The parameter is ignored, not used to probe who has which category.
    probe = _students(client, teacher, need_category=campus["visual"].pk + 100)
    assert _names(probe) == _names(response) == ["Жақсыбекова", "Нұрланова"]


def test_sorting_keeps_the_filter_and_announces_the_order(client, centre_head, campus):
    response = _students(client, centre_head, o="-group", year_of_study=3)
    body = response.content.decode()
    assert 'aria-sort="descending"' in body
    # The header links keep the filter: sorting a filtered list does not drop it.
    assert 'href="?o=group&amp;year_of_study=3"' in body
    by_group = _students(client, centre_head, o="-group")
    assert [s.study_group.code for s in by_group.context["students"]] == [
        "ПП-23-1",
        "ПП-23-1",
        "ИС-24-2",
        "ИС-24-2",
    ]
    by_name = _students(client, centre_head, o="-name")
    names = [s.last_name for s in by_name.context["students"]]
    assert names == sorted(names, reverse=True) and len(names) == 4


def test_pages_keep_the_filter_in_their_links(client, centre_head, campus):
    group = campus["aliya"].study_group
    for _ in range(30):
        f.StudentFactory(study_group=group, year_of_study=3)
    response = _students(client, centre_head, group="ПП", year_of_study=3)
    assert response.context["paginator"].count == 32
    body = response.content.decode()
    assert 'rel="next"' in body
    next_link = body.split('rel="next"')[0].rsplit('href="', 1)[1]
    assert "year_of_study=3" in next_link and "page=2" in next_link
    second = client.get(
        reverse("students:student-list") + next_link.split('"')[0].replace("&amp;", "&")
    )
    assert len(second.context["students"]) == 7


# Applications ---------------------------------------------------------------------


def test_application_filters(client, centre_head, case, student, other_case, other_student):
    online = _apply(student, case, status="in_assessment")
    paper = _apply(other_student, other_case, channel="paper", status="registered")
    # Registered long ago and still without a conclusion: overdue.
    paper.register_entry.registered_at = timezone.now() - datetime.timedelta(days=60)
    paper.register_entry.save(update_fields=["registered_at"])
    client.force_login(centre_head)
    url = reverse("students:application-list")

    def numbers(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(a.pk for a in response.context["applications"])

    assert numbers() == sorted([online.pk, paper.pk])
    assert numbers(channel="paper") == [paper.pk]
    assert numbers(status="registered") == [paper.pk]
    assert numbers(status="in_assessment") == [online.pk]
    assert numbers(overdue="on") == [paper.pk]
    assert numbers(q=online.register_entry.number) == [online.pk]
    assert numbers(q=case.last_name.lower()) == [online.pk]


def test_application_list_is_scoped(client, specialist, case, student, other_case, other_student):
    mine = _apply(student, case)
    _apply(other_student, other_case)
    client.force_login(specialist)
    response = client.get(reverse("students:application-list"))
    assert [a.pk for a in response.context["applications"]] == [mine.pk]
    assert other_case.last_name not in response.content.decode()


# Routes, conclusions, protocols ------------------------------------------------------


@pytest.fixture
def two_routes(case, other_case, specialist, other_specialist, teacher, period):
    first = routes.route_create(student=case, period=period, actor=specialist)
    routes.route_send_for_agreement(route=first, actor=specialist)
    later = f.AcademicPeriodFactory(
        number=2,
        academic_year=period.academic_year,
        starts_on=period.ends_on + datetime.timedelta(days=1),
        ends_on=period.ends_on + datetime.timedelta(days=120),
    )
    second = routes.route_create(student=other_case, period=later, actor=other_specialist)
    return first, second


def test_route_filters(client, centre_head, teacher, two_routes, period):
    first, second = two_routes
    section = first.sections.get()
    client.force_login(centre_head)
    url = reverse("routes:route-list")

    def found(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(r.pk for r in response.context["routes"])

    assert found() == sorted([first.pk, second.pk])
    assert found(status="agreement") == [first.pk]
    assert found(period=period.pk) == [first.pk]
    assert found(course=section.course.code.lower()) == [first.pk]
    assert found(course=section.course.name_ru[:6]) == [first.pk]
    assert found(teacher=teacher.last_name[:5]) == [first.pk]
    # The first route's period has begun and it is not approved: overdue. The
    # second's period begins later.
    assert found(overdue="on") == [first.pk]


def test_route_list_scoping(client, management, teacher, other_teacher, two_routes):
    first, second = two_routes
    client.force_login(teacher)
    assert [r.pk for r in client.get(reverse("routes:route-list")).context["routes"]] == [first.pk]
    client.force_login(other_teacher)
    assert list(client.get(reverse("routes:route-list")).context["routes"]) == []
    client.force_login(management)  # nothing sent for approval yet
    assert list(client.get(reverse("routes:route-list")).context["routes"]) == []


def test_conclusion_and_protocol_lists(
    client, centre_head, specialist, other_specialist, case, other_case
):
    mine = routes.conclusion_save(student=case, actor=specialist, analysis="a", adaptations=[])
    routes.conclusion_issue(conclusion=mine, actor=centre_head)
    theirs = routes.conclusion_save(
        student=other_case, actor=other_specialist, analysis="b", adaptations=[]
    )
    protocol = routes.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": datetime.date(2026, 9, 1),
            "place": "1",
            "chair": centre_head,
            "secretary": None,
            "agenda": "a",
            "discussion": "",
            "decisions": "d",
        },
        attendees=[],
        measures=[],
    )
    client.force_login(specialist)
    listed = client.get(reverse("routes:conclusion-list")).context["conclusions"]
    assert [c.pk for c in listed] == [mine.pk]
    assert [p.pk for p in client.get(reverse("routes:protocol-list")).context["protocols"]] == [
        protocol.pk
    ]
    client.force_login(centre_head)
    url = reverse("routes:conclusion-list")
    assert sorted(c.pk for c in client.get(url).context["conclusions"]) == sorted(
        [mine.pk, theirs.pk]
    )
    assert [c.pk for c in client.get(url, {"status": "draft"}).context["conclusions"]] == [
        theirs.pk
    ]
    client.force_login(other_specialist)
    assert list(client.get(reverse("routes:protocol-list")).context["protocols"]) == []


def test_route_rows_count_once_per_route(client, centre_head, case, specialist, period):
    # Two sections of one route match the course filter: a join to the sections would
    # list (and count) the route twice; the filter's EXISTS lists it once.
    for code in ("DUP101", "DUP102"):
        f.CourseAssignmentFactory(
            group=case.study_group, period=period, course=f.CourseFactory(code=code)
        )
    route = routes.route_create(student=case, period=period, actor=specialist)
    assert route.sections.filter(course__code__startswith="DUP").count() == 2
    client.force_login(centre_head)
    response = client.get(reverse("routes:route-list"), {"course": "dup"})
    assert [r.pk for r in response.context["routes"]] == [route.pk]
    assert response.context["page_obj"].paginator.count == 1


def test_registry_sees_no_centre_filters(client, registry):
    client.force_login(registry)
    response = client.get(reverse("students:registry-list"))
    assert "specialist" not in response.context["filter"].form.fields


def test_only_centre_staff_search_by_iin(client, specialist, teacher, management, case):
    """The IIN is shown to centre staff only; elsewhere a prefix search would reveal it
    one digit at a time (IIN oracle), so digits match registration numbers only."""
    prefix = case.iin[:6]
    client.force_login(specialist)
    found = client.get(reverse("students:student-list"), {"q": prefix}).context["students"]
    assert list(found) == [case]
    client.force_login(teacher)
    for digits in (prefix, case.iin[:11], case.iin):
        response = client.get(reverse("students:student-list"), {"q": digits})
        assert list(response.context["students"]) == [], digits
    assert [s.pk for s in client.get(reverse("students:student-list")).context["students"]] == [
        case.pk
    ]  # the teacher does see the student, only not by IIN
    route = routes.route_create(
        student=case, period=teacher.course_assignments.first().period, actor=specialist
    )
    routes.route_send_for_agreement(route=route, actor=specialist)
    client.force_login(teacher)
    response = client.get(reverse("routes:route-list"), {"q": prefix})
    assert list(response.context["routes"]) == []
