"""#30, item 3: accommodations at events outside teaching (§8). The student or a
representative asks (what, when, where, what is needed); centre staff on the case
forward it to the unit responsible and record its answer; the student is told at each
step. Who may open which page is in the access and POST matrices."""

import datetime

import pytest
from django.urls import reverse

from students.models import Notification
from support import events
from support.models import EventRequest
from support.services import SupportError

pytestmark = pytest.mark.django_db

URL = reverse("support:events")
SOON = datetime.date.today() + datetime.timedelta(days=20)


def _form(**changes) -> dict:
    data = {
        "kind": "graduation",
        "event": "Түлектер кеші",
        "date": SOON.isoformat(),
        "place": "Мәжіліс залы",
        "needs": "Сахнаға пандус, алдыңғы қатардан орын",
    }
    data.update(changes)
    return data


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_student_asks_the_centre_forwards_and_the_unit_arranges(
    client, student, representative, specialist, other_specialist, case, teacher
):
    client.force_login(student)
    assert client.post(URL, _form()).status_code == 302
    assert client.post(URL, _form()).status_code == 302  # a double click
    [request] = EventRequest.objects.all()
    assert (request.student, request.status) == (case, "requested")
    assert "event_requested" in _kinds(specialist)
    # The parent sees it too; another specialist, a teacher do not.
    client.force_login(representative)
    assert "Түлектер кеші" in client.get(URL).content.decode()
    client.force_login(other_specialist)
    assert "Түлектер кеші" not in client.get(URL).content.decode()
    client.force_login(teacher)
    assert client.get(URL).status_code == 403

    client.force_login(specialist)
    handle = reverse("support:event-handle", args=[request.pk])
    response = client.post(handle, {"action": "forward", "unit": ""})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert (
        client.post(handle, {"action": "forward", "unit": "Іс-шаралар бөлімі"}).status_code == 302
    )
    assert "event_forwarded" in _kinds(student) and "event_forwarded" in _kinds(representative)
    response = client.post(handle, {"action": "arranged", "outcome": ""})
    assert "outcome" in response.context["form"].errors
    client.post(handle, {"action": "arranged", "outcome": "Пандус қойылады; 1-қатар, 5-орын."})
    request.refresh_from_db()
    assert (request.status, request.responsible_unit, request.handled_by) == (
        "arranged",
        "Іс-шаралар бөлімі",
        specialist,
    )
    assert "event_answered" in _kinds(student)
    client.force_login(student)
    assert "1-қатар, 5-орын" in client.get(URL).content.decode()
    # Answered: nothing more to do with it.
    with pytest.raises(SupportError):
        events.event_request_handle(
            actor=specialist, request=request, action="declined", outcome="x"
        )
    client.force_login(specialist)
    assert (
        reverse("support:event-handle", args=[request.pk]) not in client.get(URL).content.decode()
    )


def test_a_past_event_or_an_empty_need_is_named_by_its_field(client, student, case):
    client.force_login(student)
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    response = client.post(URL, _form(date=yesterday, needs=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date", "needs"}
    assert not EventRequest.objects.exists()


def test_an_archived_case_asks_nothing(student, centre_head, case):
    from students.services import case_archive

    case_archive(student=case, actor=centre_head, reason="graduated")
    with pytest.raises(SupportError):
        events.event_request_create(
            actor=student,
            student=case,
            data={
                "kind": "sport",
                "event": "Жарыс",
                "date": SOON,
                "place": "Спорт залы",
                "needs": "Көмекші",
            },
        )


def test_the_list_costs_the_same_at_any_size(pages, student, specialist, case):
    def ask(number):
        events.event_request_create(
            actor=student,
            student=case,
            data={
                "kind": "cultural",
                "event": f"Концерт {number}",
                "date": SOON + datetime.timedelta(days=number),
                "place": "Зал",
                "needs": "Ым тілі аудармашысы",
            },
        )

    ask(0)
    pages(URL, 20, who=student)
    pages(URL, 20, who=specialist)
    for number in range(1, 12):
        ask(number)
    pages(URL, 20, who=student)
    pages(URL, 20, who=specialist)
