"""The administrator's own pages are accessible too: axe-core on the shapes of Django
admin page the administrator uses (index, changelists with filters and editable
columns, change and add forms with autocomplete widgets, history)."""

import pytest
from playwright.sync_api import expect

from eagi_inclusion.roles import Role
from students.models import AdaptationType
from tests import factories as f

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrators_pages_pass_axe(page, live_server):
    admin_user = f.UserFactory(username="sysadmin", role=Role.ADMINISTRATOR)
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    record = f.StudentFactory()
    teacher = f.UserFactory(username="t1", role=Role.TEACHER)
    sign_in(page, live_server, admin_user)
    pages = [
        "/admin/",
        "/admin/students/student/",
        f"/admin/students/student/{record.pk}/change/",
        "/admin/students/student/add/",
        f"/admin/students/student/{record.pk}/history/",
        "/admin/students/user/",
        f"/admin/students/user/{teacher.pk}/change/",
        f"/admin/students/user/{teacher.pk}/password/",
        "/admin/students/user/add/",
        "/admin/students/adaptationtype/",
        f"/admin/students/adaptationtype/{AdaptationType.objects.first().pk}/change/",
        "/admin/students/linkrequest/add/",
        "/admin/students/studygroup/",
    ]
    problems = []
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n" + "\n".join(problems)


def test_the_heads_page_of_requests_passes_axe_and_shows_errors_by_the_field(
    page, live_server, reference_data
):
    """The head decides on a request the administrator made: the page and a refusal
    without a reason (the error next to its field) pass axe-core."""
    from django.core.files.base import ContentFile

    from students.models import LinkRequest
    from tests.helpers import png_bytes

    head = f.UserFactory(username="head", role=Role.CENTRE_HEAD)
    admin_user = f.UserFactory(username="sysadmin", role=Role.ADMINISTRATOR)
    record = f.StudentFactory()
    parent = f.UserFactory(username="new-parent", role=Role.REPRESENTATIVE)
    link = LinkRequest(
        kind="representative", account=parent, student=record, relation="mother",
        basis="Сенімхат № 77, 2026-11-30", requested_by=admin_user, ground_name="сенімхат.png",
        ground_type="image/png", ground_sha256="0" * 64,
    )  # fmt: skip
    link.ground.save("g.png", ContentFile(png_bytes()), save=False)
    link.save()
    sign_in(page, live_server, head)
    page.goto(f"{live_server.url}/students/access-requests/")
    assert axe_violations(page) == []
    page.locator(f"#link-{link.pk}-title ~ form button.secondary").click()
    # The refusal is a form post: wait for the page it answers with, not only the click.
    expect(page.locator(f"#reason-{link.pk}-error")).to_be_visible()
    assert (
        page.locator(f"#reason-{link.pk}")
        .get_attribute("aria-describedby")
        .endswith(f"reason-{link.pk}-error")
    )
    assert axe_violations(page) == []
