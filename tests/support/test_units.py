"""#30, item 4: the structural units have accounts. The centre gives a unit a task
about an event request, a barrier or a technical aid, with a date; the unit's staff see
their unit's tasks only -- never the case, never health data -- record what they did
and close them; the request moves on and the student is told; the head sees what is
past its date. Who may open which page is also in the access and POST matrices."""

import datetime

import pytest
from django.urls import reverse

from eagi_inclusion.roles import Role
from students.models import Notification, Unit
from support import aids, events, units
from support import services as support
from support.models import Barrier, EventRequest, UnitTask
from support.services import SupportError
from tests import factories as f
from workspace.digest import overdue_for

pytestmark = pytest.mark.django_db

SOON = datetime.date.today() + datetime.timedelta(days=10)


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def event_request(student, case):
    return events.event_request_create(
        actor=student,
        student=case,
        data={
            "kind": "graduation",
            "event": "Түлектер кеші",
            "date": SOON + datetime.timedelta(days=10),
            "place": "Мәжіліс залы",
            "needs": "Сахнаға пандус",
        },
    )


def test_the_centre_gives_a_task_and_the_unit_arranges_the_event(
    client, specialist, centre_head, student, case, unit, unit_staff, event_request
):
    client.force_login(specialist)
    new = reverse("support:unit-task-new", args=["event", event_request.pk])
    assert "Сахнаға пандус" in client.get(new).content.decode()  # the form starts from it
    data = {"unit": unit.pk, "due": SOON.isoformat(), "what": "Сахнаға уақытша пандус қою"}
    response = client.post(new, {**data, "due": "2020-01-01"})
    assert "due" in response.context["form"].errors  # a date past: by its field
    assert client.post(new, data).status_code == 302
    assert client.post(new, data).status_code == 302  # a double click: one task
    [task] = UnitTask.objects.all()
    event_request.refresh_from_db()
    assert event_request.status == "forwarded" and event_request.responsible_unit == unit.name_kk
    assert "unit_task" in _kinds(unit_staff) and "event_forwarded" in _kinds(student)

    # The unit's staff: their unit's tasks, the event and for whom; not the case.
    client.force_login(unit_staff)
    page = client.get(reverse("support:unit-tasks")).content.decode()
    assert "Сахнаға уақытша пандус" in page
    detail = reverse("support:unit-task", args=[task.pk])
    page = client.get(detail).content.decode()
    assert "Түлектер кеші" in page and case.last_name in page
    assert "HX-4242" not in page  # the health profile's confidential note
    assert client.get(reverse("students:student-detail", args=[case.pk])).status_code in (403, 404)
    assert "Сахнаға уақытша пандус" in client.get(reverse("home")).content.decode()

    response = client.post(detail, {"outcome": "done", "note": ""})
    assert "note" in response.context["form"].errors
    client.post(detail, {"outcome": "done", "note": "Пандус қойылды, 1-қатар босатылды"})
    task.refresh_from_db()
    event_request.refresh_from_db()
    assert (task.status, task.done_by) == ("done", unit_staff)
    assert event_request.status == "arranged" and "Пандус қойылды" in event_request.outcome
    assert "event_answered" in _kinds(student) and "unit_task_closed" in _kinds(specialist)
    with pytest.raises(SupportError):
        units.unit_task_close(actor=unit_staff, task=task, done=True, note="again")
    # The centre reads the answer but does not close a unit's task for it.
    client.force_login(specialist)
    assert "Пандус қойылды" in client.get(detail).content.decode()


def test_another_units_staff_see_nothing_of_it(client, specialist, unit, event_request):
    task = units.unit_task_assign(
        actor=specialist, unit=unit, kind="event", subject=event_request, what="x", due=SOON
    )
    library = Unit.objects.create(code="library", name_kk="Кітапхана", name_ru="Библиотека")
    librarian = f.UserFactory(username="librarian", role=Role.UNIT)
    librarian.unit = library
    librarian.save(update_fields=["unit"])
    client.force_login(librarian)
    assert client.get(reverse("support:unit-task", args=[task.pk])).status_code == 404
    assert "x" not in [t.what for t in client.get(reverse("support:unit-tasks")).context["tasks"]]
    with pytest.raises(SupportError):
        units.unit_task_close(actor=librarian, task=task, done=True, note="no")


def test_a_barrier_is_resolved_and_an_aids_specialists_are_told(
    client, specialist, centre_head, student, case, unit, unit_staff
):
    barrier = support.barrier_report(
        actor=student,
        data={"place": "building", "location": "2-корпус", "description": "Баспалдақ"},
    )
    task = units.unit_task_assign(
        actor=centre_head, unit=unit, kind="barrier", subject=barrier, what="Пандус", due=SOON
    )
    barrier.refresh_from_db()
    assert barrier.status == Barrier.Status.ACCEPTED
    units.unit_task_close(actor=unit_staff, task=task, done=True, note="Пандус салынды")
    barrier.refresh_from_db()
    assert (barrier.status, barrier.resolution) == ("resolved", "Пандус салынды")

    aid = aids.aid_lend(
        actor=specialist,
        student=case,
        data={
            "kind": "software",
            "item": "NVDA",
            "identifier": "",
            "issued_on": datetime.date.today(),
            "due_back": None,
            "condition_out": "good",
            "note": "",
        },
    )
    task = units.unit_task_assign(
        actor=centre_head, unit=unit, kind="aid", subject=aid, what="Орнату", due=SOON
    )
    units.unit_task_close(actor=unit_staff, task=task, done=False, note="Лицензия жоқ")
    assert "unit_task_closed" in _kinds(specialist) and "unit_task_closed" in _kinds(centre_head)


def test_tasks_past_their_date_reach_the_head(
    client, specialist, centre_head, unit, unit_staff, event_request
):
    task = units.unit_task_assign(
        actor=specialist, unit=unit, kind="event", subject=event_request, what="Пандус", due=SOON
    )
    UnitTask.objects.filter(pk=task.pk).update(due=datetime.date.today() - datetime.timedelta(1))
    client.force_login(centre_head)
    page = client.get(reverse("home")).content.decode()
    assert reverse("support:unit-task", args=[task.pk]) in page
    assert [i for i in overdue_for(centre_head) if "/support/units/" in i[2]][0][1] == 1
    assert [i for i in overdue_for(unit_staff) if "/support/units/" in i[2]][0][1] == 1
    client.force_login(unit_staff)
    assert task in client.get(reverse("support:unit-tasks") + "?show=overdue").context["tasks"]
    assert EventRequest.objects.get().status == "forwarded"


def test_the_unit_list_costs_the_same_at_any_size(
    pages, specialist, unit, unit_staff, student, case
):
    def task(number):
        request = events.event_request_create(
            actor=student,
            student=case,
            data={
                "kind": "sport",
                "event": f"Жарыс {number}",
                "date": SOON,
                "place": "Спорт залы",
                "needs": "Көмекші",
            },
        )
        units.unit_task_assign(
            actor=specialist, unit=unit, kind="event", subject=request, what="Көмек", due=SOON
        )

    task(0)
    pages(reverse("support:unit-tasks"), 14, who=unit_staff)
    pages(reverse("support:unit-tasks"), 14, who=specialist)
    for number in range(1, 8):
        task(number)
    pages(reverse("support:unit-tasks"), 14, who=unit_staff)
    pages(reverse("support:unit-tasks"), 14, who=specialist)


def test_a_task_page_costs_the_same_at_any_size(
    pages, specialist, centre_head, student, case, unit, unit_staff, event_request
):
    task = units.unit_task_assign(
        actor=specialist, unit=unit, kind="event", subject=event_request, what="А", due=SOON
    )
    url = reverse("support:unit-task", args=[task.pk])
    pages(url, 14, who=unit_staff)
    pages(url, 14, who=specialist)
    for number in range(5):
        barrier = support.barrier_report(
            actor=student,
            data={"place": "building", "location": f"{number}-корпус", "description": "Есік"},
        )
        units.unit_task_assign(
            actor=centre_head, unit=unit, kind="barrier", subject=barrier, what="Б", due=SOON
        )
    pages(url, 14, who=unit_staff)
    pages(url, 14, who=specialist)
