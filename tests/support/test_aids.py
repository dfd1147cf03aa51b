"""#30, item 1: technical aids lent to students (§3.3, §8). Centre staff on the case
lend and take back; the student and representatives see what they hold and are
reminded before the due date; the head sees what is out and overdue, and is told once
when an aid is overdue. Who may open which page is in the access and POST matrices."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from students.models import Notification
from support import aids
from support.models import TechnicalAid
from support.services import SupportError
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _form(**changes) -> dict:
    data = {
        "kind": "hearing",
        "item": "Phonak Roger Touchscreen Mic",
        "identifier": "RT-55120",
        "issued_on": TODAY().isoformat(),
        "due_back": (TODAY() + datetime.timedelta(days=120)).isoformat(),
        "condition_out": "new",
        "note": "",
    }
    data.update(changes)
    return data


def _lend(actor, case, **changes):
    return aids.aid_lend(
        actor=actor,
        student=case,
        data={
            "kind": "vision",
            "item": "Optelec Compact 6 HD",
            "identifier": changes.pop("identifier", "C6HD-1"),
            "issued_on": changes.pop("issued_on", TODAY() - datetime.timedelta(days=30)),
            "due_back": changes.pop("due_back", TODAY() + datetime.timedelta(days=30)),
            "condition_out": "good",
            "note": "",
            **changes,
        },
    )


def _kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_specialist_lends_an_aid_and_the_student_and_parent_see_it(
    client, specialist, student, representative, case
):
    client.force_login(specialist)
    url = reverse("support:aids-case", args=[case.pk])
    response = client.post(url, _form())
    assert response.status_code == 302
    # A double click: the same loan, not a second one.
    client.post(url, _form())
    [loan] = TechnicalAid.objects.filter(student=case)
    assert (loan.item, loan.identifier, loan.issued_by) == (
        "Phonak Roger Touchscreen Mic",
        "RT-55120",
        specialist,
    )
    assert "aid_lent" in _kinds(student) and "aid_lent" in _kinds(representative)
    page = client.get(url).content.decode()
    assert "RT-55120" in page and reverse("support:aid-return", args=[loan.pk]) in page
    # On the staff's documents tab, and on the student's own page.
    documents = client.get(case.get_absolute_url(), {"tab": "documents"}).content.decode()
    assert "Phonak Roger Touchscreen Mic" in documents
    # And in the personal case file, for whoever may open it.
    for person in (specialist, student, representative):
        client.force_login(person)
        case_file = client.get(reverse("routes:case-file", args=[case.pk])).content.decode()
        assert 'id="aids-file-title"' in case_file and "RT-55120" in case_file
    for person in (student, representative):
        client.force_login(person)
        own = client.get(case.get_absolute_url()).content.decode()
        assert 'id="aids-title"' in own and "RT-55120" in own


def test_wrong_input_is_named_by_its_field_and_keeps_nothing(client, specialist, case):
    specialist.language = "ru"
    specialist.save(update_fields=["language"])
    client.force_login(specialist)
    url = reverse("support:aids-case", args=[case.pk])
    _lend(specialist, case, identifier="RT-1")
    response = client.post(
        url,
        _form(kind="vision", identifier="RT-1", due_back="2020-01-01", item=""),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"item", "due_back", "identifier"}
    assert "уже выдано" in str(form.errors["identifier"])
    assert TechnicalAid.objects.filter(student=case).count() == 1


def test_return_is_recorded_once_with_its_condition(client, specialist, case):
    loan = _lend(specialist, case)
    client.force_login(specialist)
    url = reverse("support:aid-return", args=[loan.pk])
    response = client.post(url, {"returned_on": "", "condition_back": "good"})
    assert response.status_code == 200 and "returned_on" in response.context["form"].errors
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"returned_on": tomorrow, "condition_back": "good"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(url, {"returned_on": TODAY().isoformat(), "condition_back": "worn"})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert (loan.returned_on, loan.condition_back, loan.received_by) == (
        TODAY(),
        "worn",
        specialist,
    )
    assert client.get(url).status_code == 404  # returned: nothing left to take back
    with pytest.raises(SupportError):
        aids.aid_return(actor=specialist, aid=loan, returned_on=TODAY(), condition_back="good")
    # The device may go out again, to anyone.
    assert _lend(specialist, case).pk != loan.pk
    assert [h.history_type for h in loan.history.order_by("history_date")] == ["+", "~"]


def test_an_archived_case_lends_nothing_but_takes_back(client, specialist, centre_head, case):
    from students.services import case_archive

    loan = _lend(specialist, case)
    case_archive(student=case, actor=centre_head, reason="graduated")
    with pytest.raises(SupportError):
        _lend(specialist, case, identifier="C6HD-2")
    client.force_login(centre_head)
    page = client.get(reverse("support:aids-case", args=[case.pk])).content.decode()
    assert "RT-" not in page and 'id="lend-title"' not in page and "C6HD-1" in page
    aids.aid_return(actor=centre_head, aid=loan, returned_on=TODAY(), condition_back="good")


def test_reminded_before_the_due_date_and_the_head_told_once_overdue(
    settings, specialist, centre_head, student, representative, case
):
    settings.AID_REMINDER_DAYS = 7
    soon = _lend(specialist, case, identifier="A", due_back=TODAY() + datetime.timedelta(days=7))
    later = _lend(specialist, case, identifier="B", due_back=TODAY() + datetime.timedelta(days=8))
    late = _lend(specialist, case, identifier="C", due_back=TODAY() - datetime.timedelta(days=1))
    Notification.objects.all().delete()
    out = io.StringIO()
    call_command("remind_aids", stdout=out)
    # The student and the parent for `soon`; the head and the specialist for `late`.
    assert out.getvalue().strip() == "Reminders sent: 4"
    assert _kinds(student) == ["aid_due_soon"] and _kinds(representative) == ["aid_due_soon"]
    assert _kinds(centre_head) == ["aid_overdue"] and _kinds(specialist) == ["aid_overdue"]
    call_command("remind_aids", stdout=out)
    assert out.getvalue().strip().endswith("Reminders sent: 0")
    soon.refresh_from_db(), later.refresh_from_db(), late.refresh_from_db()
    assert (soon.reminded_on, later.reminded_on, late.overdue_reported_on) == (
        TODAY(),
        None,
        TODAY(),
    )


def test_the_heads_list_of_what_is_out_and_overdue(
    client, pages, specialist, other_specialist, centre_head, case, other_case
):
    late = _lend(specialist, case, identifier="L", due_back=TODAY() - datetime.timedelta(days=3))
    _lend(other_specialist, other_case, identifier="O")
    url = reverse("support:aids")
    client.force_login(centre_head)
    page = client.get(url, {"show": "overdue"}).content.decode()
    assert "L" in page and case.full_name in page and other_case.full_name not in page
    assert other_case.full_name in client.get(url).content.decode()  # out: both
    # A specialist: their cases only.
    client.force_login(specialist)
    assert other_case.full_name not in client.get(url, {"show": "all"}).content.decode()
    # The same number of queries at 2 loans and at 30.
    pages(url + "?show=all", 12, who=centre_head)
    for number in range(28):
        _lend(centre_head, f.StudentFactory(), identifier=f"N{number}")
    pages(url + "?show=all", 12, who=centre_head)
    pages(reverse("support:aids-case", args=[case.pk]), 25, who=specialist)
    for number in range(10):
        _lend(specialist, case, identifier=f"M{number}")
    pages(reverse("support:aids-case", args=[case.pk]), 25, who=specialist)
    assert late.overdue_on(TODAY())


def test_the_digest_lists_the_overdue_aids_for_the_head(specialist, centre_head, case):
    from django.utils import translation

    from workspace.digest import overdue_for

    _lend(specialist, case, identifier="L", due_back=TODAY() - datetime.timedelta(days=3))
    with translation.override("en"):
        items = [(str(what), count, url) for what, count, url in overdue_for(centre_head)]
    assert items == [
        ("technical aids not returned by their due date", 1, "/support/aids/?show=overdue")
    ]


def test_the_order_is_the_same_on_both_databases(specialist, centre_head, case):
    """PostgreSQL sorts NULL last, SQLite first: the lists say which way."""
    kept = _lend(specialist, case, identifier="K", due_back=None)
    soon = _lend(specialist, case, identifier="S", due_back=TODAY() + datetime.timedelta(days=3))
    back = _lend(specialist, case, identifier="B")
    aids.aid_return(actor=specialist, aid=back, returned_on=TODAY(), condition_back="good")
    assert list(aids.aids_visible_to(centre_head, "out")) == [soon, kept]
    assert list(aids.aids_of(case))[-1] == back
