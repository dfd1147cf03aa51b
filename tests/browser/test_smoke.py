"""Sign in with the keyboard in a real browser, in each language, with zero axe-core
violations on the login and home pages (and the case page a specialist opens)."""

import re

import pytest
from playwright.sync_api import expect

from eagi_inclusion.roles import Role
from tests import factories as f
from tests.conftest import current_code, totp_device
from tests.factories import DEFAULT_PASSWORD

from .conftest import axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HEADINGS = {"kk": "Жүйеге кіру", "ru": "Вход", "en": "Sign in"}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_sign_in_with_the_keyboard_and_pages_pass_axe(page, live_server, language):
    user = f.UserFactory(username=f"spec-{language}", role=Role.SPECIALIST, language=language)
    record = f.StudentFactory()
    f.HealthProfileFactory(student=record)
    head = f.UserFactory(username=f"head-{language}", role=Role.CENTRE_HEAD)
    from students.services import case_assign

    case_assign(student=record, specialist=user, actor=head)
    totp_device(user)

    page.context.add_cookies([{"name": "eagi_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("h1")).to_have_text(HEADINGS[language])
    assert axe_violations(page) == []
    screenshot(page, f"login-{language}")

    # The first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.outerHTML").startswith('<a class="skip-link"')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.locator("#id_username").focus()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    # Staff: the second step, a TOTP code, also with the keyboard.
    page.wait_for_url(re.compile(r"/accounts/otp/"))
    assert axe_violations(page) == []
    screenshot(page, f"otp-{language}")
    page.locator("#id_otp_token").focus()
    page.keyboard.type(current_code(user))
    page.keyboard.press("Enter")
    # The fragment of the skip link survives the redirect: "/" or "/#main".
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/(#main)?$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert axe_violations(page) == []
    screenshot(page, f"home-{language}")

    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    expect(page.locator("#health-title")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, f"case-{language}")


def test_wrong_password_shows_an_error_summary_that_passes_axe(page, live_server):
    f.UserFactory(username="someone", role=Role.TEACHER)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "someone")
    page.fill("#id_password", "not the password")
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert axe_violations(page) == []


def test_high_contrast_and_large_text_pass_axe(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("button[value=high-contrast]")
    page.click("button[value=large-text]")
    expect(page.locator("html")).to_have_class("high-contrast large-text")
    assert axe_violations(page) == []
    screenshot(page, "login-high-contrast")
