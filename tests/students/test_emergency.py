"""Break the glass: time-limited, reasoned, logged, reviewed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from documents.models import AccessEvent
from students.models import EmergencyAccess

URL = reverse("students:emergency-access")


def test_a_specialist_off_the_case_opens_it_in_an_emergency(
    client, other_specialist, case, centre_head
):
    administrator = other_specialist  # the one breaking the glass
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


def test_emergency_access_expires(client, other_specialist, case):
    client.force_login(other_specialist)
    client.post(URL, {"iin": case.iin, "reason": "Urgent request from the dean's office."})
    EmergencyAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(case.get_absolute_url()).status_code == 404


def test_others_cannot_break_the_glass(
    client, administrator, teacher, management, registry, case, django_user_model
):
    superuser = django_user_model.objects.create_superuser("root", "root@eagi.kz", "x" * 20)
    for user in (administrator, teacher, management, registry, superuser):
        client.force_login(user)
        assert client.get(URL).status_code == 403, user
        response = client.post(URL, {"iin": case.iin, "reason": "The ambulance asks for it."})
        assert response.status_code == 403, user
        page = client.get(case.get_absolute_url())  # 200 for the teacher, 404 otherwise
        assert "HX-4242" not in page.content.decode(), user
        assert client.get(reverse("students:emergency-review")).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_the_administrator_is_no_back_door_to_the_diagnosis(client, administrator, case):
    """Finding 3 of the attack: break the glass handed the diagnosis to the admin."""
    client.force_login(administrator)
    client.post(URL, {"iin": case.iin, "reason": "The student collapsed in class; urgent."})
    page = client.get(case.get_absolute_url())
    assert page.status_code == 404 and "HX-4242" not in page.content.decode()
