"""The daily-work pages in a real browser: lists with filters, dashboards,
notifications, statistics and the technical aids pass axe-core and reflow at 320 px,
in the normal and the high-contrast display."""

import datetime

import pytest
from playwright.sync_api import expect

from eagi_inclusion.roles import Role
from routes import services as routes
from students.services import case_assign
from support import aids
from tests import factories as f

from .conftest import check
from .conftest import sign_in_checked as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def centre(live_server):
    head = f.UserFactory(username="head-daily", role=Role.CENTRE_HEAD)
    specialist = f.UserFactory(username="spec-daily", role=Role.SPECIALIST)
    management = f.UserFactory(username="rector-daily", role=Role.MANAGEMENT)
    period = f.AcademicPeriodFactory()
    record = f.StudentFactory(last_name="Нұрланова", first_name="Әлия")
    f.HealthProfileFactory(student=record)
    case_assign(student=record, specialist=specialist, actor=head)
    assignment = f.CourseAssignmentFactory(group=record.study_group, period=period)
    route = routes.route_create(student=record, period=period, actor=specialist)
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=route.sections.get(), actor=assignment.teacher)
    aids.aid_lend(
        actor=specialist,
        student=record,
        data={
            "kind": "vision",
            "item": "Optelec Compact 6 HD",
            "identifier": "C6HD-20931",
            "issued_on": datetime.date.today() - datetime.timedelta(days=40),
            "due_back": datetime.date.today() - datetime.timedelta(days=2),
            "condition_out": "good",
            "note": "",
        },
    )
    return {
        "head": head,
        "management": management,
        "teacher": assignment.teacher,
        "record": record,
    }


def test_the_head_works_through_the_lists(page, live_server, centre):
    sign_in(page, live_server, centre["head"])
    for path in (
        "/students/?q=әлия&o=-name",
        "/students/?unassigned=on&state=open",
        "/students/applications/?overdue=on",
        "/routes/?status=approval&o=name",
        "/routes/conclusions/",
        "/routes/protocols/",
        "/routes/statistics/",
        "/workload/",
        "/notifications/",
        "/support/",
        "/support/formats/",
        "/support/barriers/",
        "/support/training/",
        "/support/implementation/",
        "/support/organisations/",
        "/support/consultations/",
        "/support/awareness/",
        "/support/events/",
        "/support/aids/?show=overdue",
        f"/support/case/{centre['record'].pk}/aids/",
    ):
        page.goto(f"{live_server.url}{path}")
        check(page)
    # The head takes the overdue magnifier back: the form's errors by their fields, then
    # the return.
    page.click("main a[href*='/return/']")
    page.fill("#id_returned_on", "")
    page.click("main form.form button[type=submit]")
    check(page)
    expect(page.locator("#id_returned_on_error")).to_be_visible()
    page.fill("#id_returned_on", datetime.date.today().isoformat())
    page.select_option("#id_condition_back", "worn")
    page.click("main form.form button[type=submit]")
    expect(page.locator("main table")).to_contain_text("C6HD-20931")
    check(page)
    page.goto(f"{live_server.url}/students/?q=әлия")
    expect(page.locator("main table")).to_contain_text("Нұрланова")
    # Sorting by a header keeps the search.
    page.click("main th a >> nth=0")
    assert "q=" in page.url and "o=name" in page.url
    check(page)


def test_statistics_and_dashboards_in_high_contrast(page, live_server, centre):
    for user in (centre["management"], centre["teacher"]):
        sign_in(page, live_server, user)
        page.click("button[value=high-contrast]")
        expect(page.locator("html")).to_have_class("high-contrast")
        check(page)
    sign_in(page, live_server, centre["management"])
    page.goto(f"{live_server.url}/routes/statistics/")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    check(page, "statistics")


def test_a_student_reports_an_adaptation_not_provided(page, live_server, centre):
    """The implementation loop from the student's side, with the keyboard-reachable
    disclosure of each course, and the barrier form."""
    from routes.models import Route

    route = Route.objects.get()
    routes.route_approve(route=route, actor=centre["management"])
    record = route.student
    user = f.UserFactory(username="stud-daily", role=Role.STUDENT)
    record.user = user
    record.save(update_fields=["user"])
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/support/implementation/")
    check(page)
    page.click("main details summary")
    page.fill("main details input[type=date]", "2026-10-21")
    page.fill("main details textarea", "Емтиханда қосымша уақыт берілмеді")
    page.click("main details button[type=submit]")
    expect(page.locator("main table")).to_contain_text("Емтиханда қосымша уақыт берілмеді")
    check(page, "implementation-student")
    page.goto(f"{live_server.url}/support/barriers/")
    page.select_option("#id_place", "electronic")
    page.fill("#id_location", "Қашықтан оқыту платформасы")
    page.fill("#id_description", "Батырмалардың атауы жоқ")
    page.click("main form.form button[type=submit]")
    expect(page.locator("main table")).to_contain_text("Қашықтан оқыту платформасы")
    check(page)


def test_a_student_reports_mistreatment_and_the_head_answers(page, live_server, centre):
    """The confidential channel (#30, item 2) from both sides: the report's errors by
    their fields, the report, the head's inbox, a step and the answer the student reads."""
    record = centre["record"]
    user = f.UserFactory(username="stud-report", role=Role.STUDENT)
    record.user = user
    record.save(update_fields=["user"])
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/support/reports/")
    check(page)
    page.select_option("#id_kind", "disrespect")
    page.fill("#id_about", "Топтағы бір студент")
    page.click("main form.form button[type=submit]")
    check(page, "complaint-errors")
    expect(page.locator("#id_description_error")).to_be_visible()
    page.fill("#id_description", "Үзілісте есту аппаратымды мазақ етті")
    page.click("main form.form button[type=submit]")
    expect(page.locator("main h1")).to_contain_text("№")
    check(page, "complaint-sent")

    sign_in(page, live_server, centre["head"])
    page.goto(f"{live_server.url}/support/reports/")
    check(page)
    page.click("main table a")
    page.fill("#id_text", "Студентпен және куратормен сөйлестім")
    page.check("#id_shared")
    page.click("main button[name=step]")
    check(page, "complaint-step")
    page.check("#id_outcome_0")
    page.fill("#id_reply", "Куратор топпен әңгіме өткізді; қайталанса, хабарлаңыз.")
    page.click("main button[name=close]")
    expect(page.locator("#answer-title")).to_be_visible()
    check(page, "complaint-answered")

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/support/reports/")
    page.click("main table a")
    expect(page.locator("main")).to_contain_text("Куратор топпен әңгіме өткізді")
    check(page)


def test_a_units_staff_member_closes_a_task(page, live_server, centre):
    """The structural unit's side (#30, item 4): its home and list, a task's page, the
    error by its field, the answer; the head's list of the units' tasks."""
    from students.models import Unit
    from support import aids as support_aids
    from support import units

    unit = Unit.objects.create(code="it", name_kk="АТ бөлімі", name_ru="Отдел ИТ")
    person = f.UserFactory(username="it-daily", role=Role.UNIT)
    person.unit = unit
    person.save(update_fields=["unit"])
    loan = support_aids.aids_of(centre["record"]).first()
    units.unit_task_assign(
        actor=centre["head"],
        unit=unit,
        kind="aid",
        subject=loan,
        what="Ноутбукке экранды оқу бағдарламасын орнату",
        due=datetime.date.today() + datetime.timedelta(days=3),
    )
    sign_in(page, live_server, person)
    expect(page.locator("main")).to_contain_text("экранды оқу бағдарламасын")
    page.goto(f"{live_server.url}/support/units/")
    check(page)
    page.click("main table a")
    page.click("main form.form button[type=submit]")
    expect(page.locator("#id_note_error")).to_be_visible()
    check(page, "unit-task-errors")
    page.check("#id_outcome_0")
    page.fill("#id_note", "NVDA орнатылды, баптаулары тексерілді")
    page.click("main form.form button[type=submit]")
    check(page)
    sign_in(page, live_server, centre["head"])
    page.goto(f"{live_server.url}/support/units/?show=all")
    expect(page.locator("main table")).to_contain_text("орындалды")  # done
    check(page)
