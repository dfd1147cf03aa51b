"""#30, item 6: awareness events for students and staff (§3.4, §3.5), recorded by the
head of the centre with their attendance; anyone signed in reads the list; the names
of the staff who came and the year's totals are the head's."""

import datetime

import pytest
from django.urls import reverse

from support.awareness import awareness_totals
from support.models import AwarenessEvent
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("support:awareness")


def _form(**changes) -> dict:
    data = {
        "date": datetime.date.today().isoformat(),
        "title": "Инклюзия апталығы",
        "kind": "campaign",
        "audience": "all",
        "place": "Мәжіліс залы",
        "organiser": "ИББҚО",
        "students_count": "40",
        "others_count": "2",
    }
    data.update(changes)
    return data


def test_the_head_records_an_event_with_its_attendance(
    client, centre_head, specialist, teacher, case, student
):
    client.force_login(centre_head)
    data = _form(staff=[specialist.pk, teacher.pk], study_groups=[case.study_group_id])
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302  # a double click
    [event] = AwarenessEvent.objects.all()
    assert set(event.staff.all()) == {specialist, teacher}
    assert list(event.study_groups.all()) == [case.study_group]
    assert (event.students_count, event.others_count, event.recorded_by) == (40, 2, centre_head)
    page = client.get(URL).content.decode()
    assert specialist.get_full_name() in page and 'id="totals-title"' in page
    # Anyone signed in reads the event, not who of the staff came.
    for person in (student, teacher):
        client.force_login(person)
        page = client.get(URL).content.decode()
        assert "Инклюзия апталығы" in page
        assert specialist.get_full_name() not in page and 'id="totals-title"' not in page
        assert client.post(URL, _form(title="Басқа")).status_code == 403
    assert AwarenessEvent.objects.count() == 1


def test_wrong_input_is_named_by_its_field(client, centre_head):
    client.force_login(centre_head)
    response = client.post(URL, _form(date="", students_count="-3", kind="party"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date", "students_count", "kind"}
    assert not AwarenessEvent.objects.exists()


def test_the_totals_count_each_staff_member_once_since_the_date(centre_head, specialist):
    today = datetime.date.today()
    for days, title in ((1, "А"), (2, "Ә"), (400, "Ескі")):
        event = AwarenessEvent.objects.create(
            date=today - datetime.timedelta(days=days),
            title=title,
            kind="lecture",
            audience="all",
            organiser="ИББҚО",
            students_count=10,
            others_count=1,
            recorded_by=centre_head,
        )
        event.staff.set([specialist, centre_head] if title == "А" else [specialist])
    assert awareness_totals(today - datetime.timedelta(days=30)) == {
        "events": 2,
        "students": 20,
        "others": 2,
        "staff": 2,
    }


def test_the_list_costs_the_same_at_any_size(pages, centre_head, specialist, student):
    def add(number):
        event = AwarenessEvent.objects.create(
            date=datetime.date(2026, 10, 1) + datetime.timedelta(days=number),
            title=f"Дәріс {number}",
            kind="lecture",
            audience="students",
            organiser="ИББҚО",
            recorded_by=centre_head,
        )
        event.staff.set([specialist])
        event.study_groups.set([f.StudyGroupFactory()])

    add(0)
    pages(URL, 20, who=centre_head)
    pages(URL, 20, who=student)
    for number in range(1, 15):
        add(number)
    pages(URL, 20, who=centre_head)
    pages(URL, 20, who=student)
