"""The route's journey in a real browser: specialist sends, teacher agrees, the
rector's office approves, the teacher acknowledges, the student reads it. Every
page passes axe-core; the teacher's page shows no health data."""

import pytest
from playwright.sync_api import expect

from eagi_inclusion.roles import Role
from routes import services
from routes.models import Route
from students.services import case_assign
from tests import factories as f

from .conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    sign_in(page, live_server, user, check=lambda p: axe_violations(p) == [] or None)
    assert axe_violations(page) == []


def _confirm(page):
    assert axe_violations(page) == []
    page.click("main form button[type=submit]")


@pytest.mark.parametrize(
    "language",
    [
        # The same pages and queries in two languages: each language in one pass.
        pytest.param("kk", marks=pytest.mark.once("one language a pass", run_in="sqlite")),
        pytest.param("ru", marks=pytest.mark.once("one language a pass", run_in="postgresql")),
    ],
)
def test_route_journey_pages_pass_axe(page, live_server, language):
    period = f.AcademicPeriodFactory()
    head = f.UserFactory(username=f"head-{language}", role=Role.CENTRE_HEAD, language=language)
    spec = f.UserFactory(username=f"spec-{language}", role=Role.SPECIALIST, language=language)
    rector = f.UserFactory(
        username=f"rector-{language}",
        role=Role.MANAGEMENT,
        language=language,
        position="Проректор",
    )
    pupil = f.UserFactory(username=f"pupil-{language}", role=Role.STUDENT, language=language)
    record = f.StudentFactory(user=pupil)
    f.HealthProfileFactory(student=record, notes="Diagnosis HX-9999")
    teaching = f.CourseAssignmentFactory(group=record.study_group, period=period)
    teacher = teaching.teacher
    teacher.language = language
    teacher.save(update_fields=["language"])
    case_assign(student=record, specialist=spec, actor=head)
    route = services.route_create(student=record, period=period, actor=spec)
    url = f"{live_server.url}{route.get_absolute_url()}"

    _sign_in(page, live_server, spec)
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    assert axe_violations(page) == []
    page.goto(url)
    assert axe_violations(page) == []
    # The student reads the draft and comments before it goes to the teachers (§4.4).
    page.click("form[action$='/share/'] button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    _sign_in(page, live_server, pupil)
    page.goto(url)
    page.click("a[href$='/comment/']")
    page.click("main form.form button[type=submit]")  # empty: the error by its field
    expect(page.locator("#id_text_error")).to_be_visible()
    assert axe_violations(page) == []
    page.fill("#id_text", "Слайдтарды бір күн бұрын жіберсе.")
    page.click("main form.form button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    assert axe_violations(page) == []
    _sign_in(page, live_server, spec)
    page.goto(url)
    expect(page.locator("main")).to_contain_text("Слайдтарды бір күн бұрын жіберсе.")
    page.click("a[href$='/do/send_for_agreement/']")
    _confirm(page)
    expect(page.locator(".message--success")).to_be_visible()

    _sign_in(page, live_server, teacher)
    page.goto(url)
    assert "HX-9999" not in page.content()
    assert axe_violations(page) == []
    screenshot(page, f"route-teacher-{language}")
    page.click("a[href$='/agree/']")
    _confirm(page)

    _sign_in(page, live_server, rector)
    page.goto(url)
    assert "HX-9999" not in page.content()
    page.click("a[href$='/do/approve/']")
    _confirm(page)
    assert Route.objects.get(pk=route.pk).status == "active"
    assert axe_violations(page) == []
    screenshot(page, f"route-approved-{language}")

    _sign_in(page, live_server, teacher)
    page.goto(f"{live_server.url}/routes/teaching/")
    assert axe_violations(page) == []
    page.click("main form button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    # The route in force, among all the adaptations of the teacher's classes.
    page.click("main a[href$='/teaching/adaptations/']")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert axe_violations(page) == []

    _sign_in(page, live_server, pupil)
    page.goto(url)
    expect(page.locator("h1")).to_be_visible()
    assert axe_violations(page) == []
    page.click("form[action$='/acknowledge/'] button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    assert axe_violations(page) == []


def test_case_file_is_prepared_in_the_background_and_the_page_follows_it(
    page, live_server, settings
):
    """The button queues the file (the database backend: nothing renders in the
    request); the job page passes axe and shows the progress; when a worker has done
    it, the page's script swaps in the download link without a reload."""
    import io

    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    period = f.AcademicPeriodFactory()
    head = f.UserFactory(username="head-cf", role=Role.CENTRE_HEAD)
    spec = f.UserFactory(username="spec-cf", role=Role.SPECIALIST)
    record = f.StudentFactory()
    f.CourseAssignmentFactory(group=record.study_group, period=period)
    case_assign(student=record, specialist=spec, actor=head)
    conclusion = services.conclusion_save(
        student=record, actor=spec, analysis="Талдау", adaptations=[]
    )
    services.conclusion_issue(conclusion=conclusion, actor=head)
    _sign_in(page, live_server, spec)
    page.goto(f"{live_server.url}/routes/case/{record.pk}/file/")
    assert axe_violations(page) == []
    page.click(f"form[action='/routes/case/{record.pk}/file.pdf'] button[type=submit]")
    status = page.locator("#job-status")
    expect(status.locator("progress")).to_be_visible()
    assert status.get_attribute("role") == "status"
    assert axe_violations(page) == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    link = status.locator("a[href$='/download/']")
    expect(link).to_be_visible(timeout=15000)  # the script polls every two seconds
    assert axe_violations(page) == []
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
