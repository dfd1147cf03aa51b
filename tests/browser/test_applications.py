"""A student applies online in a real browser: errors first, then a PDF and consent;
every page passes axe-core. The registry clerk's paper form passes axe too."""

import re

import pytest
from playwright.sync_api import expect

from eagi_inclusion.roles import Role
from students.models import Application
from tests import factories as f
from tests.helpers import pdf_bytes

from .conftest import axe_violations, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username):
    from students.models import User

    sign_in(page, live_server, User.objects.get(username=username))


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_student_applies_with_a_pdf_and_follows_the_status(
    page, live_server, tmp_path, settings, language
):
    user = f.UserFactory(username=f"aliya-{language}", role=Role.STUDENT, language=language)
    f.StudentFactory(user=user)
    f.UserFactory(username=f"head-{language}", role=Role.CENTRE_HEAD)
    _sign_in(page, live_server, user.username)

    page.goto(f"{live_server.url}/students/applications/new/")
    assert axe_violations(page) == []
    # Submitting the empty form: an error summary linked to the fields, nothing saved.
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, f"application-errors-{language}")
    assert not Application.objects.exists()

    page.fill("#id_difficulties", "Тақтадағы жазуды көрмеймін.")
    page.fill("#id_conditions_requested", "Үлкен қаріпті материалдар.")
    page.check("#id_preferred_contact_0")
    pdf = tmp_path / "mse.pdf"
    pdf.write_bytes(pdf_bytes())
    page.set_input_files("#id_files_mse", str(pdf))
    page.check("#id_consent")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/students/applications/\d+/$"))
    application = Application.objects.get()
    expect(page.locator("h1")).to_contain_text(application.register_entry.number)
    expect(page.locator("[aria-current=step]")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, f"application-detail-{language}")
    assert application.attachments.get().kind == "mse"


def test_registry_paper_form_passes_axe(page, live_server):
    f.UserFactory(username="clerk-b", role=Role.REGISTRY)
    _sign_in(page, live_server, "clerk-b")
    page.goto(f"{live_server.url}/students/applications/paper/")
    assert axe_violations(page) == []
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/students/applications/register/")
    assert axe_violations(page) == []
