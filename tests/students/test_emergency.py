"""Break the glass: time-limited, reasoned, logged, reviewed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from documents.models import AccessEvent
from students.models import EmergencyAccess

URL = reverse("students:emergency-access")


def test_administrator_opens_a_case_in_an_emergency(client, administrator, case, centre_head):
    client.force_login(administrator)
    assert client.get(case.get_absolute_url()).status_code == 404
    refused = client.post(URL, {"iin": case.iin, "reason": "short"})
    assert 'id="id_reason_error"' in refused.content.decode()
    response = client.post(
        URL, {"iin": case.iin, "reason": "The student collapsed in class; the ambulance asks."}
    )
    assert response.status_code == 302
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and "HX-4242" in page.content.decode()
    events = AccessEvent.objects.filter(actor=administrator, student=case)
    assert set(events.values_list("action", flat=True)) == {"emergency.access", "health.view"}
    assert all("ambulance" in e.reason for e in events)
    # The head sees it to review, and marks it reviewed.
    client.force_login(centre_head)
    review = client.get(reverse("students:emergency-review")).content.decode()
    assert "ambulance" in review
    grant = EmergencyAccess.objects.get()
    client.post(reverse("students:emergency-review"), {"grant": grant.pk})
    grant.refresh_from_db()
    assert grant.reviewed_by == centre_head


def test_emergency_access_expires(client, administrator, case):
    client.force_login(administrator)
    client.post(URL, {"iin": case.iin, "reason": "Urgent request from the dean's office."})
    EmergencyAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(case.get_absolute_url()).status_code == 404


def test_others_cannot_break_the_glass(client, specialist, teacher, case):
    for user in (specialist, teacher):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(reverse("students:emergency-review")).status_code == 403
