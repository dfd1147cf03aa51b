"""The home page of each role: what to do now, on data the role may see."""

import pytest
from django.urls import reverse

from routes import services as routes
from students.applications import application_return
from students.models import AdaptationType
from tests import factories as f
from tests.helpers import apply_online as _apply

pytestmark = pytest.mark.django_db


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def _approved_route(case, specialist, teacher, management, period):
    route = routes.route_create(student=case, period=period, actor=specialist)
    section = route.sections.get()
    section.extra_time_percent = 50
    section.separate_room = True
    section.save()
    section.adaptation_types.set(AdaptationType.objects.all()[:2])
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=section, actor=teacher)
    return routes.route_approve(route=route, actor=management)


def test_a_student_is_told_what_to_do_next(client, student, case, centre_head):
    response = _home(client, student)
    assert response.context["family"][0]["step"] == "apply"
    assert reverse("students:application-create") in response.content.decode()
    application = _apply(student, case)
    application_return(application=application, actor=centre_head, comment="Need the MSE scan")
    body = _home(client, student).content.decode()
    assert reverse("students:application-resubmit", args=[application.pk]) in body
    assert application.register_entry.number in body


def test_the_family_sees_the_route_in_force(
    client, student, representative, case, specialist, teacher, management, period
):
    _apply(student, case)
    route = _approved_route(case, specialist, teacher, management, period)
    for user in (student, representative):
        response = _home(client, user)
        row = response.context["family"][0]
        assert row["route"] == route
        assert route.register_entry.number in response.content.decode()


def test_the_head_sees_unassigned_cases_and_the_workload(
    client, centre_head, specialist, other_specialist, case, other_case
):
    f.StudentFactory()  # a case without a specialist
    response = _home(client, centre_head)
    assert response.context["unassigned_total"] == 1
    workload = {person.username: person.open_cases for person in response.context["workload"]}
    assert workload == {specialist.username: 1, other_specialist.username: 1}


def test_the_home_shows_the_busiest_specialists_and_a_page_has_them_all(
    client, pages, centre_head, specialist
):
    """The home lists the ten specialists with the most open cases (a centre of 500
    would otherwise list 500 on the head's first page) and links to the workload page,
    which lists every one, busiest first, 50 a page, in a fixed number of queries."""
    from django.contrib.auth.models import Group

    from eagi_inclusion.roles import Role
    from students.services import case_assign

    specialists = Group.objects.get(name=Role.SPECIALIST)
    people = []
    for number in range(12):
        person = f.UserFactory(last_name=f"Маман{number:02d}", first_name="Сынақ")
        person.groups.add(specialists)
        people.append(person)
    for number, person in enumerate(people):  # Маман00 has 0 cases ... Маман11 has 11
        for _ in range(number):
            case_assign(student=f.StudentFactory(), specialist=person, actor=centre_head)
    response = _home(client, centre_head)
    shown = [person.pk for person in response.context["workload"]]
    busiest = [p.pk for p in reversed(people)][:10]
    assert shown == busiest
    body = response.content.decode()
    assert reverse("workload") in body and "Маман01" not in body
    url = reverse("workload")
    page = pages(url, 12)
    rows = [(p.pk, p.open_cases) for p in page.context["workload"]]
    everyone = [(p.pk, n) for n, p in reversed(list(enumerate(people)))]
    assert rows[:12] == everyone and {pk for pk, _ in rows[12:]} == {specialist.pk}
    assert "Маман00" in page.content.decode()
    for number in range(12, 60):  # a second page, and the same queries
        person = f.UserFactory(last_name=f"Маман{number:02d}")
        person.groups.add(specialists)
    pages(url, 12)
    second = client.get(url, {"page": 2})
    assert len(second.context["workload"]) == 61 - 50
    client.force_login(specialist)
    assert client.get(url).status_code == 403


def test_a_teacher_sees_the_adaptations_to_apply_without_health_data(
    client, teacher, case, specialist, management, period
):
    _approved_route(case, specialist, teacher, management, period)
    response = _home(client, teacher)
    body = response.content.decode()
    assert [s.route.student for s in response.context["in_force"]] == [case]
    assert "50%" in body
    # The section's adaptations, in the table's cell, one after another.
    first, second = (str(a) for a in AdaptationType.objects.all()[:2])
    assert f"<td>{first}; {second}</td>" in body
    assert case.health_profile.notes not in body


def test_the_teachers_sections_show_what_whole_rows_show(
    teacher, case, other_case, specialist, other_specialist, management, period
):
    """The teacher's home reads only the columns it shows of each section
    (workspace/dashboards.py `_sections_shown`): the same sections, showing the same
    course, student, group and adaptations as whole rows, with no query more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from routes.models import RouteCourseSection
    from routes.selectors import sections_to_agree
    from students.selectors import current_periods
    from workspace import dashboards

    _approved_route(case, specialist, teacher, management, period)
    f.CourseAssignmentFactory(group=other_case.study_group, period=period, teacher=teacher)
    waiting = routes.route_create(student=other_case, period=period, actor=other_specialist)
    routes.route_send_for_agreement(route=waiting, actor=other_specialist)

    def shown(sections, in_force):
        rows = []
        for section in sections:
            student = section.route.student
            row = [section.route.get_absolute_url(), str(section.course), student.full_name]
            row.append(str(student.study_group))
            if in_force:
                # The home's sections carry theirs as a list (`adaptations`).
                adaptations = getattr(section, "adaptations", None)
                if adaptations is None:
                    adaptations = section.adaptation_types.all()
                row += [str(a) for a in adaptations]
                row += [getattr(section, name) for name in dashboards.IN_FORCE]
            rows.append(row)
        return rows

    home = dashboards.teacher(teacher)
    assert len(home["in_force"]) == 1 and len(home["to_agree"]) == 1
    with CaptureQueriesContext(connection) as queries:
        trimmed = shown(home["in_force"], True), shown(home["to_agree"], False)
    assert len(queries) == 0, [q["sql"][:150] for q in queries]  # nothing deferred is read
    whole = RouteCourseSection.objects.filter(
        teacher=teacher, route__status="active", route__period__in=current_periods()
    ).order_by("course__code")
    assert trimmed == (shown(whole, True), shown(sections_to_agree(teacher), False))
    assert trimmed[0][0][-5:-2] == [50, True, False]  # extra time, own room, not oral
    # Both adaptations, as the home's table shows them.
    names = [str(a) for a in AdaptationType.objects.all()[:2]]
    assert len(names) == 2 and trimmed[0][0][4:6] == names


def test_the_rector_office_sees_the_year_at_a_glance(
    client, management, case, specialist, teacher, period
):
    route = routes.route_create(student=case, period=period, actor=specialist)
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=route.sections.get(), actor=teacher)
    response = _home(client, management)
    assert response.context["glance"]["waiting"] == 1
    assert [r.pk for r in response.context["to_approve"]] == [route.pk]
    routes.route_approve(route=route, actor=management)
    glance = _home(client, management).context["glance"]
    assert glance["in_force"] == 1 and glance["approved_this_year"] == 1


def test_a_specialist_sees_what_is_due_next(client, specialist, student, case):
    application = _apply(student, case)
    response = _home(client, specialist)
    items = response.context["due_next"]
    assert [item["url"]() for item in items] == [application.get_absolute_url()]
    assert f'href="{application.get_absolute_url()}"' in response.content.decode()
    assert not items[0]["overdue"]


def test_the_heads_figures_follow_a_change_at_once(client, centre_head, specialist, case):
    from students.services import case_assign

    waiting = f.StudentFactory()
    assert _home(client, centre_head).context["unassigned_total"] == 1
    # Read from the cache the second time, and still right after a change.
    assert _home(client, centre_head).context["unassigned_total"] == 1
    case_assign(student=waiting, specialist=specialist, actor=centre_head)
    assert _home(client, centre_head).context["unassigned_total"] == 0


def test_the_homes_expression_orders_are_the_columns_orders(specialist, centre_head, case):
    """workspace/views.py orders a specialist's first students and newest applications
    by expressions (docs/architecture.md): the same rows in the same order as the plain
    columns give, ties of name and of time included."""
    import datetime

    from django.utils import timezone

    from students.models import Application, Student
    from students.selectors import application_list_visible_to, student_list_visible_to
    from students.services import case_assign
    from workspace.views import first_students, newest_applications

    moment = timezone.now() - datetime.timedelta(days=3)
    for n in range(14):
        person = f.UserFactory(username=f"order-{n}", role="student")
        record = f.StudentFactory(user=person, last_name=f"Ат{n % 3}", first_name=f"Есім{n % 2}")
        case_assign(student=record, specialist=specialist, actor=centre_head)
        application = _apply(person, record)
        # Some at the very same moment: the id decides, as in the index.
        at = moment if n % 4 == 0 else moment + datetime.timedelta(hours=n)
        Application.objects.filter(pk=application.pk).update(submitted_at=at)
    assert Student.objects.count() > 11 and Application.objects.count() > 10
    plain = student_list_visible_to(specialist).order_by("last_name", "first_name", "pk")
    assert list(first_students(specialist, 11)) == list(plain[:11])
    plain = application_list_visible_to(specialist).order_by("-submitted_at", "-pk")
    assert list(newest_applications(specialist)) == list(plain[:10])
    # They read only what the home shows of each row, and show the same (no query more).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def shown(students, applications):
        return [(s.get_absolute_url(), s.full_name, str(s.study_group)) for s in students], [
            (a.get_absolute_url(), a.register_entry.number, a.student.full_name)
            + (a.get_status_display(),)
            for a in applications
        ]

    students, applications = (
        list(first_students(specialist, 11)),
        list(newest_applications(specialist)),
    )
    with CaptureQueriesContext(connection) as queries:
        trimmed = shown(students, applications)
    assert len(queries) == 0, [q["sql"][:150] for q in queries]  # nothing deferred is read
    whole = student_list_visible_to(specialist).order_by("last_name", "first_name", "pk")[:11]
    assert trimmed == shown(whole, plain[:10])
    # The head, who sees every application, keeps the index's order itself.
    with CaptureQueriesContext(connection) as queries:
        newest_applications(centre_head)
    assert "COALESCE" not in queries[-1]["sql"]


def test_due_next_shows_what_it_read_of_each_row(client, specialist, student, case, period):
    """`due_next` reads only the columns it shows (workspace/dashboards.py `shown_only`):
    each item has its date, its text with the register number, the student's name and
    the link, with no query per row (tests/test_queries.py counts them)."""
    from django.utils import translation

    application = _apply(student, case)
    response = _home(client, specialist)
    (item,) = response.context["due_next"]
    assert item["url"]() == application.get_absolute_url()
    assert application.register_entry.number in item["what"]
    assert item["student"].pk == case.pk
    with translation.override("kk"):
        assert case.full_name in response.content.decode()
    route = routes.route_create(student=case, period=period, actor=specialist)
    items = {i["url"](): i for i in _home(client, specialist).context["due_next"]}
    assert items[route.get_absolute_url()]["due"] == period.starts_on
    assert items[route.get_absolute_url()]["student"].full_name == case.full_name


def test_the_home_shows_ten_sections_in_force_and_the_teaching_page_all(
    client, pages, teacher, specialist, management, period, centre_head, case
):
    """Twelve students with routes in force in the teacher's course: the home shows the
    first ten and links to the page of them all, which lists every one, in the home's
    order, a page at a time, with the same queries whatever their number."""
    from routes.selectors import sections_in_force
    from students.services import case_assign

    def in_force(numbers):
        made = []
        for number in numbers:
            other = f.StudentFactory(last_name=f"Оқушы{number:02d}", study_group=case.study_group)
            case_assign(student=other, specialist=specialist, actor=centre_head)
            _approved_route(other, specialist, teacher, management, period)
            made.append(other)
        return made

    students = in_force(range(12))
    home = _home(client, teacher)
    shown = [s.route.student for s in home.context["in_force"]]
    assert shown == students[:10] and home.context["more_in_force"]
    url = reverse("routes:teacher-adaptations")
    assert f'href="{url}"' in home.content.decode()
    page = pages(url, 10, who=teacher)
    assert [s.route.student for s in page.context["in_force"]] == students
    assert [s.pk for s in page.context["in_force"]] == [s.pk for s in sections_in_force(teacher)]
    body = page.content.decode()
    assert all(s.last_name in body for s in students)
    assert case.health_profile.notes not in body
    in_force(range(12, 60))  # more than a page: the same queries, a second page
    pages(url, 10, who=teacher)
    assert len(client.get(url, {"page": 2}).context["in_force"]) == 60 - 50
