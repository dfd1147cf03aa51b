"""Journey 1 with the keyboard alone: Tab, Shift+Tab, Enter, Space, arrows. Focus is
always visible and never trapped; the skip link comes first."""

import re

import pytest

from eagi_inclusion.roles import Role
from students.models import Application
from tests import factories as f
from tests.factories import DEFAULT_PASSWORD
from tests.helpers import pdf_bytes

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {id: el.id, tag: el.tagName, cls: el.className, href: el.getAttribute('href'),
                    type: el.type, visible: style.outlineStyle !== 'none'
                      && parseFloat(style.outlineWidth) > 0};
        }"""
    )


def tab_to(page, predicate, limit=60):
    """Press Tab until `predicate(focused)` holds; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["tag"] != "BODY":
            assert state["visible"], f"focus not visible on {state}"
        if predicate(state):
            return state
    raise AssertionError("never reached the element with the keyboard (trap or missing)")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_student_applies_with_the_keyboard_alone(page, live_server, tmp_path, language):
    user = f.UserFactory(username=f"kb-{language}", role=Role.STUDENT, language=language)
    f.StudentFactory(user=user)
    page.context.add_cookies([{"name": "eagi_language", "value": language, "url": live_server.url}])
    pdf = tmp_path / "mse.pdf"
    pdf.write_bytes(pdf_bytes())
    page.on("filechooser", lambda chooser: chooser.set_files(str(pdf)))
    page.goto(f"{live_server.url}/accounts/login/")
    first = tab_to(page, lambda s: True)
    assert "skip-link" in first["cls"]
    tab_to(page, lambda s: s["id"] == "id_username")
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/$"))

    tab_to(page, lambda s: (s["href"] or "").endswith("/applications/new/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/applications/new/$"))
    assert axe_violations(page) == []

    tab_to(page, lambda s: s["id"] == "id_difficulties")
    page.keyboard.type("Тақтаны көру қиын")
    # Shift+Tab goes back: no trap in either direction.
    page.keyboard.press("Shift+Tab")
    assert focused(page)["id"] != "id_difficulties"
    tab_to(page, lambda s: s["id"] == "id_conditions_requested")
    page.keyboard.type("Үлкен қаріп")
    tab_to(page, lambda s: s["type"] == "radio")
    page.keyboard.press("ArrowDown")  # the arrows choose within the radio group
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    tab_to(page, lambda s: s["id"] == "id_files_mse")
    # Enter on the focused file input opens the file dialog: one press, or the test
    # fails. The dialog's handler is registered well before the press: Playwright starts
    # intercepting file dialogs asynchronously, and a handler added at the last moment
    # can miss a dialog that a fast key press opens.
    assert focused(page)["id"] == "id_files_mse"
    page.keyboard.press("Enter")
    attached = page.locator("#id_files_mse")
    for _ in range(100):  # up to 10 s for the dialog's file to arrive
        if attached.evaluate("input => input.files.length") == 1:
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("Enter on the file input did not open the file dialog")
    tab_to(page, lambda s: s["id"] == "id_consent")
    page.keyboard.press("Space")
    tab_to(
        page,
        lambda s: (
            s["tag"] == "BUTTON"
            and s["type"] == "submit"
            and not s["id"]
            and page.evaluate("document.activeElement.closest('form.form') !== null")
        ),
    )
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    application = Application.objects.get(student__user=user)
    assert application.preferred_contact == "email"
    assert application.attachments.get().kind == "mse"
    assert axe_violations(page) == []
