"""Steps that cannot be undone ask first: withdrawing consent, issuing a conclusion,
signing a protocol, making a new version of a route, taking a specialist off a case.
The step's link opens a page that says what will happen; only its button does it."""

import pytest
from django.urls import reverse

from routes import services
from routes.models import Conclusion, MeetingProtocol, Route
from students.applications import consent_give
from students.models import CaseAssignment, Consent, SupportMeasureType
from students.services import case_assign

from .conftest import to_approval

pytestmark = pytest.mark.django_db


def _confirm(client, url, check):
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert '<form method="post" class="form">' in body and 'type="submit"' in body
    assert check(), "a GET changed something"
    assert client.post(url).status_code == 302
    assert not check(), "the POST did nothing"


def test_issuing_a_conclusion_asks_first(client, case, specialist, centre_head):
    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="a", adaptations=[]
    )
    client.force_login(centre_head)
    _confirm(
        client,
        reverse("routes:conclusion-issue", args=[conclusion.pk]),
        lambda: Conclusion.objects.get(pk=conclusion.pk).status == "draft",
    )


def test_signing_a_protocol_asks_first(client, case, specialist, centre_head):
    protocol = services.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": "2026-09-15",
            "place": "214",
            "chair": centre_head,
            "agenda": "Маршрут",
            "decisions": "Келісуге жіберу",
        },
        attendees=[],
        measures=SupportMeasureType.objects.none(),
    )
    client.force_login(centre_head)
    _confirm(
        client,
        reverse("routes:protocol-sign", args=[protocol.pk]),
        lambda: MeetingProtocol.objects.get(pk=protocol.pk).status == "draft",
    )


def test_a_new_version_asks_first(
    client, draft, specialist, teacher, second_teacher, management_user
):
    to_approval(draft, specialist, teacher, second_teacher)
    services.route_approve(route=draft, actor=management_user)
    client.force_login(specialist)
    _confirm(
        client,
        reverse("routes:route-new-version", args=[draft.pk]),
        lambda: Route.objects.filter(student=draft.student).count() == 1,
    )


def test_taking_a_specialist_off_a_case_asks_first(client, case, other_specialist, centre_head):
    case_assign(student=case, specialist=other_specialist, actor=centre_head)
    client.force_login(centre_head)
    _confirm(
        client,
        reverse("students:case-unassign", args=[case.pk, other_specialist.pk]),
        lambda: CaseAssignment.objects.filter(
            student=case, specialist=other_specialist, ended_at=None
        ).exists(),
    )


def test_withdrawing_consent_asks_first(client, case, student):
    consent = consent_give(student=case, actor=student, given_by_kind="student")
    client.force_login(student)
    _confirm(
        client,
        reverse("students:consent-withdraw", args=[consent.pk]),
        lambda: Consent.objects.get(pk=consent.pk).withdrawn_at is None,
    )
