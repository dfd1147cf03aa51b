"""The team meeting's protocol names everyone who took part as what they are (#30,
item 13): the secretary among the attendees, the student as the student, the parent
as the legal representative, and only the team signs as its members."""

import re

import pytest
from django.urls import reverse

from routes.models import MeetingProtocol
from tests.helpers import pdf_of, pdf_text

pytestmark = pytest.mark.django_db


def test_each_attendee_is_named_and_signs_as_what_they_are(
    client, case, specialist, other_specialist, centre_head
):
    from students.services import case_assign

    case_assign(student=case, specialist=other_specialist, actor=centre_head)
    parent = case.representatives.get()
    client.force_login(specialist)
    response = client.post(
        reverse("routes:protocol-create", args=[case.pk]),
        {
            "date": "2026-10-05",
            "starts_at": "10:00",
            "place": "ауд. 214",
            "chair": centre_head.pk,
            "secretary": specialist.pk,
            "staff_present": [other_specialist.pk, specialist.pk],  # the secretary again
            "student_present": "on",
            "representatives_present": [parent.pk],
            "attendee_names": "Серікова Дана, сурдопедагог\n\n",
            "agenda": "Маршрутты қарау",
            "discussion": "",
            "decisions": "Ұсыну",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    protocol = MeetingProtocol.objects.get()
    attendees = [(a.kind, a.user_id, str(a)) for a in protocol.attendees.order_by("pk")]
    assert attendees == [
        ("centre", centre_head.pk, centre_head.get_full_name()),
        ("centre", specialist.pk, specialist.get_full_name()),
        ("centre", other_specialist.pk, other_specialist.get_full_name()),
        ("student", case.user_id, case.user.get_full_name()),
        ("representative", parent.user_id, parent.user.get_full_name()),
        ("external", None, "Серікова Дана, сурдопедагог"),
    ]
    client.force_login(centre_head)
    signed = client.post(reverse("routes:protocol-sign", args=[protocol.pk]), follow=True)
    protocol.refresh_from_db()
    assert protocol.register_entry is not None, signed.content.decode()[-3000:]
    got = client.get(reverse("routes:protocol-pdf", args=[protocol.pk]), {"language": "kk"})
    assert got.status_code == 200, (got.status_code, got.content[:500])
    text = " ".join(
        pdf_text(
            pdf_of(
                client.get(reverse("routes:protocol-pdf", args=[protocol.pk]), {"language": "kk"})
            )
        ).split()
    )
    assert f"{case.user.get_full_name()} (білім алушы)" in text
    assert text.count("(сыртқы маман)") == 1  # the sign-language teacher only
    assert f"Хатшы {specialist.get_full_name()}" in text
    # The team signs as members; the student and the parent as themselves.
    members = re.findall(r"Мүше (\S+ \S+)", text)
    assert members == [other_specialist.get_full_name(), "Серікова Дана,"]
    assert f"Білім алушы {case.user.get_full_name()}" in text
    assert f"Заңды өкіл {parent.user.get_full_name()}" in text
