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
            "disclosed_on": "2026-11-20",
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


def test_breach_notice_is_due_within_one_working_day(client, administrator):
    friday = timezone.make_aware(datetime.datetime(2026, 11, 20, 15, 0))
    due = timezone.localtime(next_working_day_end(friday))
    assert due.date() == datetime.date(2026, 11, 23)  # Monday
    client.force_login(administrator)
    client.post(
        reverse("documents:breach-list"),
        {
            "description": "Laptop lost",
            "data_affected": "Names",
            "people_affected": 3,
            "discovered_at": "2026-11-20T15:00",
            "measures": "",
        },
    )
    breach = Breach.objects.get()
    assert timezone.localtime(breach.notice_due_at).date() == datetime.date(2026, 11, 23)
    page = client.get(reverse("documents:breach-list")).content.decode()
    assert 'class="badge"' in page  # overdue by now
    client.post(reverse("documents:breach-notified", args=[breach.pk]))
    breach.refresh_from_db()
    assert breach.notified_at is not None


def test_teachers_cannot_see_the_breach_register(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("documents:breach-list")).status_code == 403
