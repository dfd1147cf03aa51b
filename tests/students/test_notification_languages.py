"""#30, item 18: one language per page. A notification names people, courses and
periods in the reader's language when it is shown -- stored in each language when it is
made, so the notification list keeps its fixed number of queries -- and the route page
prints the approver's Russian position in Russian."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from routes import services as routes
from students.models import Notification
from students.models.notifications import in_each_language, message_for
from support import services as support

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_section(case, specialist, teacher, management, period):
    case.last_name, case.first_name = "Нұрланова", "Әлия"
    case.full_name_ru = "Нурланова Алия"
    case.save()
    management.position, management.position_ru = "Оқу ісі жөніндегі проректор", "Проректор"
    management.save()
    route = routes.route_create(student=case, period=period, actor=specialist)
    routes.route_send_for_agreement(route=route, actor=specialist)
    section = route.sections.get()
    routes.section_agree(section=section, actor=teacher)
    routes.route_approve(route=route, actor=management)
    section.refresh_from_db()
    return section


def test_the_reader_sees_names_in_their_own_language(
    client, approved_section, student, specialist, centre_head, django_capture_on_commit_callbacks
):
    course = approved_section.course
    specialist.language = "ru"
    specialist.save(update_fields=["language"])
    centre_head.language = "kk"
    centre_head.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        support.report_create(
            actor=student,
            section=approved_section,
            data={"date": datetime.date(2026, 10, 1), "description": "Қосымша уақыт берілмеді"},
        )
    note = Notification.objects.get(recipient=specialist, kind="report_new")
    names = note.params["student"]
    assert names["ru"] == "Нурланова Алия" and names["kk"].startswith("Нұрланова Әлия")
    assert note.params["course"]["ru"] == course.name_ru

    client.force_login(specialist)  # reads Russian
    page = client.get(reverse("notification-list")).content.decode()
    assert "Нурланова Алия" in page and course.name_ru in page
    assert "Нұрланова" not in page and course.name_kk not in page
    client.force_login(centre_head)  # reads Kazakh
    Notification.objects.filter(recipient=specialist).update(recipient=centre_head)
    page = client.get(reverse("notification-list")).content.decode()
    assert "Нұрланова Әлия" in page and course.name_kk in page
    assert "Нурланова" not in page
    # E-mails go out in each person's language too.
    [russian] = [m for m in mail.outbox if specialist.email in m.to and "Алия" in m.body]
    assert "Нурланова Алия" in russian.body and "Нұрланова" not in russian.body


def test_older_notifications_with_plain_text_still_read(db):
    """Rows written before names were stored per language show their text as it is."""
    assert "Әлия" in message_for("report_new", {"student": "Әлия", "course": "Пән"})
    assert in_each_language(lambda: "бірдей") == "бірдей"  # one string when all agree


def test_the_route_page_prints_the_approvers_position_in_russian(
    client, approved_section, specialist
):
    url = approved_section.route.get_absolute_url()
    client.force_login(specialist)
    specialist.language = "ru"
    specialist.save(update_fields=["language"])
    page = client.get(url).content.decode()
    assert "Проректор" in page and "Оқу ісі жөніндегі проректор" not in page
    specialist.language = "kk"
    specialist.save(update_fields=["language"])
    assert "Оқу ісі жөніндегі проректор" in client.get(url).content.decode()
