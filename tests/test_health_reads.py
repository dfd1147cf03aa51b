"""Every page that shows health-derived content writes exactly one access event, found
by fetching every URL of the project (the role × URL matrix's list, which a new URL
cannot escape) as the centre's staff and looking for the case's confidential markers:
the health notes, an assessment's findings, the conclusion's analysis, the route's
special conditions and a course section's adaptations. A page that shows one and
writes no event (or two) fails."""

import pytest
from django.urls import reverse

from documents.models import AccessEvent
from routes.models import Conclusion, Route, RouteCourseSection
from tests.access_world import MATRIX

MARKERS = ("HX-4242", "FINDING-4242", "ANALYSIS-4242", "CONDITIONS-4242", "SECTION-4242")


@pytest.fixture
def marked_world(world, case, specialist):
    from routes import services

    services.assessment_create(
        student=case,
        actor=specialist,
        data={
            "date": "2026-10-01",
            "method": "Бақылау",
            "findings": "FINDING-4242",
            "recommendations": "Ұсыныс",
        },
    )
    Conclusion.objects.filter(student=case).update(analysis="ANALYSIS-4242")
    Route.objects.filter(student=case).update(special_conditions="CONDITIONS-4242")
    RouteCourseSection.objects.filter(route__student=case).update(
        content_adaptations="SECTION-4242"
    )
    return world


@pytest.mark.parametrize("role", ["specialist", "centre_head"])
def test_each_page_showing_health_derived_content_logs_one_read(
    client, request, marked_world, role
):
    client.force_login(request.getfixturevalue(role))
    problems = []
    for name, (kind, _default, _statuses) in sorted(MATRIX.items()):
        url = reverse(name, kwargs=marked_world[kind] if kind else None)
        before = AccessEvent.objects.count()
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        shown = [m for m in MARKERS if m in response.content.decode(errors="ignore")]
        written = AccessEvent.objects.count() - before
        if shown and written != 1:
            problems.append(f"{name}: shows {shown}, wrote {written} access events")
    assert problems == [], "\n" + "\n".join(problems)


def test_the_admins_student_pages_are_reads_in_the_access_log(client, administrator, case):
    """#17 finding 5: the admin's student change and history pages wrote no event."""
    client.force_login(administrator)
    for name in ("admin:students_student_change", "admin:students_student_history"):
        before = AccessEvent.objects.filter(actor=administrator, student=case).count()
        assert client.get(reverse(name, args=[case.pk])).status_code == 200
        after = AccessEvent.objects.filter(actor=administrator, student=case).count()
        assert after == before + 1, name
