"""Consent withdrawn (#30, item 8): the processing that needs consent stops. After
Данияр withdrew consent his route was still agreed and approved and issued; now every
step that would use his data is refused with a sentence saying why, the head and the
specialists are told, closing the route stays possible, and the case says what is
kept."""

import datetime
import html

import pytest
from django.urls import reverse

from routes import services
from routes.services import RouteError
from students.applications import active_consent
from tests.helpers import apply_online

pytestmark = pytest.mark.django_db

STOPPED = "the centre's work on the case stops until consent is given again"


def test_a_withdrawn_consent_stops_the_work_and_says_why(
    client, case, student, specialist, centre_head, teacher, management, period
):
    apply_online(student, case, scans=0)
    route = services.route_create(student=case, period=period, actor=specialist)
    services.route_send_for_agreement(route=route, actor=specialist)
    for person in (student, specialist, centre_head):
        person.language = "en"
        person.save(update_fields=["language"])
    client.force_login(student)
    consent = active_consent(case)
    assert client.post(reverse("students:consent-withdraw", args=[consent.pk])).status_code == 302

    for person in (centre_head, specialist):
        assert person.notifications.filter(kind="consent_withdrawn").count() == 1
    with pytest.raises(RouteError, match=STOPPED):
        services.section_agree(section=route.sections.get(), actor=teacher)
    with pytest.raises(RouteError, match=STOPPED):
        services.assessment_create(
            student=case,
            actor=specialist,
            data={
                "date": datetime.date(2026, 10, 1),
                "method": "m",
                "findings": "f",
                "recommendations": "r",
            },
        )
    route.refresh_from_db()
    assert route.status == "agreement" and route.register_entry is None
    # Through the page, the specialist reads the reason.
    client.force_login(specialist)
    refused = html.unescape(
        client.post(
            reverse("routes:assessment-create", args=[case.pk]),
            {"date": "2026-10-01", "method": "m", "findings": "f", "recommendations": "r"},
            follow=True,
        ).content.decode()
    )
    assert STOPPED in refused
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Consent to the processing of personal data was withdrawn on" in page
    assert "Kept, as the law allows" in page
    # The student consents again on their consents page: the work goes on.
    client.force_login(student)
    consents = client.get(reverse("students:consent-list")).content.decode()
    again = reverse("students:consent-give-again", args=[case.pk])
    assert f'action="{again}"' in consents
    assert client.post(again).status_code == 302
    assert client.post(again).status_code == 302  # a double click: one consent
    assert case.consents.filter(withdrawn_at__isnull=True).count() == 1
    assert again not in client.get(reverse("students:consent-list")).content.decode()
    services.section_agree(section=route.sections.get(), actor=teacher)
    route.refresh_from_db()
    assert route.status == "approval"
