"""Real Chromium (Debian's, at EAGI_CHROMIUM) driven by Playwright, and axe-core
from tests/browser/node_modules (pinned by package-lock.json)."""

import functools
import json
import os
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(
    os.environ.get("EAGI_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# Each browser test runs in one of the two passes of scripts/test.sh (EAGI_BOTH_PASSES):
# what it checks is what the browser shows -- markup, focus order, axe-core -- while the
# database under the pages is checked by both passes' view tests, the access and POST
# matrices among them. The languages of one test go to different passes, and the two
# passes get about as much browser time as each other. A new browser test chooses here.
BROWSER_PASS = {
    "test_sign_in_with_the_keyboard_and_pages_pass_axe[chromium-kk]": "sqlite",
    "test_sign_in_with_the_keyboard_and_pages_pass_axe[chromium-ru]": "postgresql",
    "test_sign_in_with_the_keyboard_and_pages_pass_axe[chromium-en]": "sqlite",
    "test_wrong_password_shows_an_error_summary_that_passes_axe[chromium]": "postgresql",
    "test_high_contrast_and_large_text_pass_axe[chromium]": "postgresql",
    "test_student_applies_with_a_pdf_and_follows_the_status[chromium-kk]": "postgresql",
    "test_student_applies_with_a_pdf_and_follows_the_status[chromium-ru]": "sqlite",
    "test_registry_paper_form_passes_axe[chromium]": "sqlite",
    "test_student_applies_with_the_keyboard_alone[chromium-kk]": "postgresql",
    "test_student_applies_with_the_keyboard_alone[chromium-ru]": "sqlite",
    "test_the_administrators_pages_pass_axe[chromium]": "postgresql",
    "test_the_heads_page_of_requests_passes_axe_and_shows_errors_by_the_field[chromium]": "sqlite",
    "test_the_head_works_through_the_lists[chromium]": "sqlite",
    "test_statistics_and_dashboards_in_high_contrast[chromium]": "postgresql",
    "test_a_student_reports_an_adaptation_not_provided[chromium]": "postgresql",
    "test_case_file_is_prepared_in_the_background_and_the_page_follows_it[chromium]": "sqlite",
    "test_a_student_reports_mistreatment_and_the_head_answers[chromium]": "postgresql",
    "test_a_units_staff_member_closes_a_task[chromium]": "sqlite",
    "test_the_vice_rector_signs_in_with_ecp[chromium]": "postgresql",
    "test_ncalayer_not_running_is_said_with_a_way_out[chromium]": "sqlite",
    "test_a_revoked_key_and_a_cancel_are_said_in_the_users_language[chromium]": "sqlite",
    "test_the_vice_rector_signs_in_and_approves_a_route_by_signing_it[chromium]": "postgresql",
    "test_the_check_names_the_mistakes_on_a_flawed_page[chromium]": "postgresql",
    "test_the_same_page_mended_is_clean[chromium]": "sqlite",
}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here not in item.path.parents or item.get_closest_marker("once"):
            continue
        where = BROWSER_PASS.get(item.name)
        if where is None:
            raise pytest.UsageError(
                f"{item.nodeid}: choose its pass in tests/browser/conftest.py, BROWSER_PASS."
            )
        item.add_marker(pytest.mark.once("a browser test runs in one pass", run_in=where))


@pytest.fixture(autouse=True)
def _browser_reference_data(reference_data):
    """Browser tests are transactional: put the roles and catalogues back."""


PAGES_CHECKED: list[str] = []


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """Every WCAG 2.x A/AA violation on the page, as 'rule: element' lines."""
    PAGES_CHECKED.append(page.url)
    # Evaluated through the DevTools protocol: our Content-Security-Policy (no inline
    # script) stays on for the page, and axe-core still runs. Only the violations are
    # built and sent back (axe's `resultTypes`): describing every passing element took
    # about 40 % of each check (tests/browser/test_axe.py shows violations are found).
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}).then(r => ({violations: r.violations}))",
        WCAG_TAGS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {json.dumps(node['target'])}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def reflows(page) -> bool:
    """At 320 CSS px wide (400 % zoom of 1280) the page needs no horizontal scrolling."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        page.set_viewport_size(size)


def pytest_terminal_summary(terminalreporter):
    if PAGES_CHECKED:
        terminalreporter.write_line(
            f"axe-core: {len(PAGES_CHECKED)} page checks "
            f"({len(set(PAGES_CHECKED))} distinct addresses), zero violations allowed"
        )


def sign_in(page, live_server, user, check=None):
    """Both steps through the real pages: password, then (for staff) the TOTP code
    that an authenticator app would show now."""
    import re

    from eagi_inclusion.roles import requires_two_factor
    from tests.conftest import current_code, totp_device
    from tests.factories import DEFAULT_PASSWORD

    if requires_two_factor(user):
        totp_device(user)  # the authenticator app the person has already paired
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("main form button[type=submit]")
    if requires_two_factor(user):
        page.wait_for_url(re.compile(r"/accounts/otp/"))
        if check:
            check(page)
        page.fill("#id_otp_token", current_code(user))
        page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/(#main)?$"))


def check(page, name=None):
    """What every page of a walk must pass: axe-core, and no horizontal scrolling at
    320 px; `name`: a screenshot for the artifacts."""
    assert axe_violations(page) == [], page.url
    assert reflows(page), f"horizontal scrolling at 320 px: {page.url}"
    if name:
        screenshot(page, name)


def sign_in_checked(page, live_server, user):
    """Both sign-in steps, each page checked."""
    sign_in(page, live_server, user, check=check)
    check(page)
