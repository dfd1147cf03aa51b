"""The administrator's own pages are accessible too: axe-core on the shapes of Django
admin page the administrator uses (index, changelists with filters and editable
columns, change and add forms with autocomplete widgets, history)."""

import pytest

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
        "/admin/students/user/add/",
        "/admin/students/adaptationtype/",
        f"/admin/students/adaptationtype/{AdaptationType.objects.first().pk}/change/",
        "/admin/students/courseassignment/add/",
        "/admin/students/studygroup/",
    ]
    problems = []
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n" + "\n".join(problems)
