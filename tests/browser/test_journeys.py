"""The whole process in a real browser, in Kazakh and in Russian: the registry registers a
paper application; the head assigns a specialist; the specialist records an
assessment and drafts the conclusion, which the head issues; the team meeting is
recorded and signed; the route is drafted, agreed by the teacher and approved by the
rector's office; the teacher acknowledges the letter; the student downloads the
approved route. Outsiders are refused. Every page passes axe-core and reflows at
320 px."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from eagi_inclusion.roles import Role
from students.models import Application
from tests import factories as f
from tests.helpers import apply_online, png_bytes

from .conftest import check
from .conftest import sign_in_checked as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPROVAL = {"kk": "БЕКІТЕМІН", "ru": "УТВЕРЖДАЮ"}


def submit(page):
    page.click("main form.form button[type=submit]")


def follow(page, selector):
    """Click a link and wait for the new page: a click returns once the navigation
    has started, and axe-core run on a page being replaced finds no document."""
    with page.expect_navigation():
        page.click(selector)


# The whole process on each database, in the Institute's two languages: Kazakh (the
# default) on PostgreSQL, Russian on SQLite. English, the language of the source texts,
# is walked by the sign-in and page tests (tests/browser/test_smoke.py) and is the
# language of most view tests.
LANGUAGES = [
    pytest.param("kk", marks=pytest.mark.once("one walk a language", run_in="postgresql")),
    pytest.param("ru", marks=pytest.mark.once("one walk a language", run_in="sqlite")),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_whole_process(page, live_server, tmp_path, language):
    def user(name, role, **extra):
        return f.UserFactory(username=f"{name}-{language}", role=role, language=language, **extra)

    period = f.AcademicPeriodFactory()
    head = user("head", Role.CENTRE_HEAD)
    spec = user("spec", Role.SPECIALIST)
    rector = user("rector", Role.MANAGEMENT, position="Проректор")
    clerk = user("clerk", Role.REGISTRY)
    pupil = user("pupil", Role.STUDENT)
    outsider_student = user("other", Role.STUDENT)
    # A Russian-speaking student keeps her documents in Russian: the centre types
    # their texts in Russian, and the forms are issued in it (#18).
    record = f.StudentFactory(user=pupil, document_language="ru" if language == "ru" else "kk")
    f.HealthProfileFactory(student=record, notes="SECRET-DIAGNOSIS")
    f.StudentFactory(user=outsider_student)
    teacher = f.CourseAssignmentFactory(group=record.study_group, period=period).teacher
    teacher.language = language
    teacher.save(update_fields=["language"])
    outsider_teacher = f.CourseAssignmentFactory(period=period).teacher
    paper_student = f.StudentFactory()

    # 2. The registry clerk registers a paper application with a scan.
    sign_in(page, live_server, clerk)
    page.goto(f"{live_server.url}/students/applications/paper/")
    check(page)
    page.fill("#id_iin", paper_student.iin)
    page.check("#id_applicant_kind_0")
    page.fill("#id_delivered_by", "Сейітқали Аружан")
    page.fill("#id_received_at", "2026-11-20T10:30")
    page.check("#id_consent_on_paper")
    scan = tmp_path / "scan.png"
    scan.write_bytes(png_bytes(60, 80))
    page.set_input_files("#id_scan", str(scan))
    submit(page)
    page.wait_for_url(re.compile(r"/applications/register/$"))
    paper = Application.objects.get(student=paper_student)
    expect(page.locator("main")).to_contain_text(paper.register_entry.number)
    check(page, f"journey-registry-{language}")

    # 3. The student's online application; the head assigns a specialist.
    application = apply_online(pupil, record, scans=0, token=__import__("uuid").uuid4())
    sign_in(page, live_server, head)
    follow(page, f"a[href='{application.get_absolute_url()}']")
    check(page)
    page.select_option("#id_specialist", str(spec.pk))
    page.click("form[action$='/start/'] button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    check(page)

    # The specialist records an assessment and drafts the conclusion.
    sign_in(page, live_server, spec)
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    check(page, f"journey-case-{language}")
    follow(page, "a[href$='/assessments/new/']")
    check(page)
    page.fill("#id_date", "2026-09-10")
    page.fill("#id_method", "Сұхбат")
    page.fill("#id_findings", "Ұсақ қаріпті оқу қиын")
    page.fill("#id_recommendations", "Үлкен қаріп")
    submit(page)
    follow(page, "a[href$='/conclusions/new/']")
    check(page)
    page.fill("#id_analysis", "Көру қабілетіне байланысты қажеттіліктер")
    page.locator("main input[type=checkbox][name^='adaptation_']").first.check()
    submit(page)
    page.wait_for_url(re.compile(r"/conclusions/\d+/$"))
    conclusion_url = page.url
    check(page)

    # The head issues it.
    sign_in(page, live_server, head)
    page.goto(conclusion_url)
    follow(page, "a[href$='/issue/']")
    check(page)  # the confirmation page
    page.click("main form button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    check(page)

    # 4. The meeting protocol, signed by its chair; the route drafted and sent.
    sign_in(page, live_server, spec)
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    follow(page, "a[href$='/protocols/new/']")
    check(page)
    page.fill("#id_date", "2026-09-15")
    page.fill("#id_place", "214")
    page.select_option("#id_chair", str(head.pk))
    page.fill("#id_agenda", "Маршрут")
    page.fill("#id_decisions", "Келісуге жіберу")
    submit(page)
    page.wait_for_url(re.compile(r"/protocols/\d+/$"))
    protocol_url = page.url
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    follow(page, "a[href$='/routes/new/']")
    check(page)
    page.select_option("#id_period", str(period.pk))
    submit(page)
    page.wait_for_url(re.compile(r"/routes/\d+/$"))
    route_url = page.url
    follow(page, "a[href*='/sections/']")
    check(page)
    page.fill("#id_content_adaptations", "Материалдар 18 pt")
    page.fill("#id_extra_time_percent", "25")
    submit(page)
    follow(page, "a[href$='/do/send_for_agreement/']")
    check(page)
    submit(page)
    expect(page.locator(".message--success")).to_be_visible()

    sign_in(page, live_server, head)
    page.goto(protocol_url)
    follow(page, "a[href$='/sign/']")
    page.click("main form button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    check(page)

    # Each teacher agrees their course; the rector's office approves.
    sign_in(page, live_server, teacher)
    follow(page, f"a[href='{route_url.removeprefix(live_server.url)}']")
    assert "SECRET-DIAGNOSIS" not in page.content()
    check(page, f"journey-teacher-{language}")
    follow(page, "a[href$='/agree/']")
    submit(page)
    sign_in(page, live_server, rector)
    follow(page, f"a[href='{route_url.removeprefix(live_server.url)}']")
    assert "SECRET-DIAGNOSIS" not in page.content()
    follow(page, "a[href$='/do/approve/']")
    check(page)
    submit(page)
    expect(page.locator(".message--success")).to_be_visible()
    check(page, f"journey-approved-{language}")

    # 5. The teacher acknowledges the letter; the student downloads the route.
    sign_in(page, live_server, teacher)
    page.goto(f"{live_server.url}/routes/teaching/")
    check(page)
    page.click("main form button[type=submit]")
    expect(page.locator(".message--success")).to_be_visible()
    sign_in(page, live_server, pupil)
    page.goto(route_url)
    check(page, f"journey-student-{language}")
    form_language = "ru" if language == "ru" else "kk"
    with page.expect_download() as download:
        page.click(f"a[href$='/pdf/?language={form_language}']")
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages
    )
    assert APPROVAL[form_language] in text and record.last_name in text

    # 6. A teacher of another course and another student are refused.
    for outsider in (outsider_teacher, outsider_student):
        sign_in(page, live_server, outsider)
        for url in (
            route_url,
            f"{live_server.url}{application.get_absolute_url()}",
            f"{live_server.url}{record.get_absolute_url()}",
        ):
            response = page.goto(url)
            assert response.status == 404, (outsider, url)
        check(page)
