"""The route page shows its history of edits (#30, item 9): field, before, after, who,
when and why, for the route's conditions, each course section and each support
measure; to the centre's staff on the case, not to a teacher."""

import pytest
from django.urls import reverse

from routes import services
from students.models import SupportMeasureType

pytestmark = pytest.mark.django_db


def test_each_edit_is_on_the_route_page_with_before_after_who_and_why(
    client, draft, specialist, teacher
):
    specialist.language = "en"
    specialist.save(update_fields=["language"])
    conditions_before = draft.special_conditions or "—"
    services.route_update(
        route=draft,
        actor=specialist,
        lock_version=draft.lock_version,
        data={"special_conditions": "Large print on every handout"},
    )
    draft.refresh_from_db()
    section = draft.sections.get(teacher=teacher)
    time_before = section.extra_time_percent
    services.section_update(
        section=section,
        actor=specialist,
        lock_version=draft.lock_version,
        data={"extra_time_percent": 50},
        adaptation_types=list(section.adaptation_types.all()),
    )
    draft.refresh_from_db()
    services.support_measure_add(
        route=draft,
        actor=specialist,
        lock_version=draft.lock_version,
        data={
            "measure_type": SupportMeasureType.objects.get(code="tutor"),
            "description": "Weekly tutor",
            "provider": "Centre",
            "frequency": "weekly",
            "sessions_planned": 10,
        },
    )
    client.force_login(specialist)
    page = client.get(draft.get_absolute_url())
    who = specialist.get_full_name()
    rows = [(e.what, e.field, e.before, e.after, e.who, e.why) for e in page.context["edits"]]
    course = f"Course: {section.course.code} {section.course.name}"
    assert rows == [
        (
            "Support measure: Tutor support",
            "Added",
            "—",
            "Weekly tutor",
            who,
            "a support measure was added",
        ),
        (
            course,
            "Extra time, %",
            str(time_before) if time_before is not None else "—",
            "50",
            who,
            "a course section was edited",
        ),
        (
            "The route's conditions",
            "Special conditions",
            conditions_before,
            "Large print on every handout",
            who,
            "the route's conditions were edited",
        ),
    ]
    body = page.content.decode()
    assert "History of edits" in body and "Large print on every handout" in body
    client.force_login(teacher)  # their own section only, not the history of the route
    assert client.get(draft.get_absolute_url()).context.get("edits") is None
    assert reverse("routes:route-detail", args=[draft.pk]) == draft.get_absolute_url()
