import datetime

from django.urls import reverse
from django.utils import timezone

from documents.models import Breach, Disclosure
from documents.privacy import next_working_day_end


def test_head_registers_a_disclosure_to_a_third_party(client, centre_head, case):
    client.force_login(centre_head)
    response = client.post(
        reverse("students:disclosure-create", args=[case.pk]),
        {
            "recipient": "Medical-social expertise office",
            "legal_basis": "Law 94-V art. 9",
            "what": "Copy of the route",
            "disclosed_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.register_entry.number.startswith("АШУ-")
    assert disclosure.authorised_by == centre_head
    body = client.get(reverse("students:disclosure-list")).content.decode()
    assert "Medical-social expertise office" in body


def test_others_cannot_record_or_read_disclosures(client, specialist, registry, case):
    for user in (specialist, registry):
        client.force_login(user)
        assert client.get(reverse("students:disclosure-list")).status_code == 403


def _a_past_friday() -> datetime.date:
    """The Friday of a week at least one week ago, whatever today is."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=(today.weekday() - 4) % 7 + 7)


def test_breach_notice_is_due_within_one_working_day(client, administrator):
    friday = _a_past_friday()
    monday = friday + datetime.timedelta(days=3)
    afternoon = timezone.make_aware(datetime.datetime.combine(friday, datetime.time(15, 0)))
    assert timezone.localtime(next_working_day_end(afternoon)).date() == monday
    client.force_login(administrator)
    for description, discovered in (
        ("Laptop lost", afternoon),
        ("Letter sent to the wrong address", timezone.now()),
    ):
        client.post(
            reverse("documents:breach-list"),
            {
                "description": description,
                "data_affected": "Names",
                "people_affected": 3,
                "discovered_at": timezone.localtime(discovered).strftime("%Y-%m-%dT%H:%M"),
                "measures": "",
            },
        )
    old = Breach.objects.get(description="Laptop lost")
    assert timezone.localtime(old.notice_due_at).date() == monday
    fresh = Breach.objects.get(description="Letter sent to the wrong address")
    assert fresh.notice_due_at > timezone.now()
    page = client.get(reverse("documents:breach-list")).content.decode()
    assert page.count('class="badge"') == 1  # the old one is overdue, the fresh one not
    client.post(reverse("documents:breach-notified", args=[old.pk]))
    old.refresh_from_db()
    assert old.notified_at is not None
    # Who recorded the notice is kept; a second click changes nothing.
    assert old.notified_by is not None and old.notified_by.is_active
    first = old.notified_at
    client.post(reverse("documents:breach-notified", args=[old.pk]))
    old.refresh_from_db()
    assert old.notified_at == first
    assert (
        old.notified_by.get_full_name()
        in client.get(reverse("documents:breach-list")).content.decode()
    )


def test_teachers_cannot_see_the_breach_register(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("documents:breach-list")).status_code == 403
