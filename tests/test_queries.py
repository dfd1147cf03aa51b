"""Pages run a fixed number of queries whatever the data size: each page is counted
at a small size, then asserted with exactly that count (django_assert_num_queries) at
a larger one, and the count is held under the documented ceiling.

Every signed-in request also saves its session (savepoint, update, release: 3
queries), which renews the 30-minute idle timeout, and staff requests load the TOTP
device that verified the session (1 query); the ceilings below include them. Each
count is taken after one warming request, as a page is served all day: the
institution's record, the menu and the filter choices come from the cache."""

import pytest
from django.urls import reverse

from students.services import case_assign
from tests import factories as f


def _add_cases(count, centre_head, specialist):
    group = f.StudyGroupFactory()
    for _ in range(count):
        record = f.StudentFactory(study_group=group)
        f.HealthProfileFactory(student=record)
        case_assign(student=record, specialist=specialist, actor=centre_head)


def test_student_list_queries_do_not_grow_with_cases(client, pages, specialist, centre_head, case):
    # session, user, groups (roles) and permissions (one query with the user on
    # PostgreSQL), the specialist's case ids, count, page of students with group/
    # programme/faculty joined, their active specialists, the choices of the faculty,
    # programme, SEN category and specialist filters, the institution's record for the
    # header (once per cache period: the test starts with an empty cache); plus
    # savepoints of the test.
    client.force_login(specialist)
    url = reverse("students:student-list")
    _add_cases(3, centre_head, specialist)
    pages(url, 18)
    _add_cases(30, centre_head, specialist)
    response = pages(url, 18)
    assert len(response.context["students"]) == 25


def test_case_detail_queries_do_not_grow_with_related_rows(
    client, pages, specialist, centre_head, case, other_specialist, period
):
    # session, user, groups, the case (joined study data), permission checks,
    # representatives, courses, assignments, assessments, conclusions, protocols,
    # routes, health profile + categories, the emergency-access checks (3), 1 log row.
    client.force_login(specialist)
    url = case.get_absolute_url()
    response = pages(url, 28)
    for _ in range(5):
        f.CourseAssignmentFactory(group=case.study_group, period=period)
    case_assign(student=case, specialist=other_specialist, actor=centre_head)
    response = pages(url, 28)
    assert len(response.context["courses"]) == 5


def test_home_page_queries_are_bounded(client, pages, centre_head, specialist):
    # session, user, groups, unread notifications, first cases + count, overdue
    # conclusions, agreements and late routes, what is due next (3), incoming
    # applications + count, cases without a specialist, routes by stage, overdue
    # routes, workload per specialist; savepoints of the test.
    client.force_login(centre_head)
    _add_cases(2, centre_head, specialist)
    pages(reverse("home"), 25)
    _add_cases(25, centre_head, specialist)
    pages(reverse("home"), 25)
    # Until the next write, the dashboard is what the cache keeps: no query at all.
    pages(reverse("home"), 0, kept=True)


def _add_routes(count, centre_head, specialist, teacher, period, case):
    from routes import services as routes

    for _ in range(count):
        record = f.StudentFactory(study_group=case.study_group)
        case_assign(student=record, specialist=specialist, actor=centre_head)
        route = routes.route_create(student=record, period=period, actor=specialist)
        routes.route_send_for_agreement(route=route, actor=specialist)


@pytest.mark.parametrize(("role", "limit"), [("specialist", 22), ("teacher", 18)])
def test_dashboards_do_not_grow_with_routes(
    client,
    pages,
    request,
    role,
    limit,
    centre_head,
    specialist,
    teacher,
    period,
    case,
):
    client.force_login(request.getfixturevalue(role))
    _add_routes(1, centre_head, specialist, teacher, period, case)
    pages(reverse("home"), limit)
    _add_routes(12, centre_head, specialist, teacher, period, case)
    response = pages(reverse("home"), limit)
    if role == "teacher":
        assert len(response.context["to_agree"]) == 13
    else:
        assert len(response.context["due_next"]) == 10


def test_registry_list_queries_do_not_grow(client, pages, registry):
    # session, user, groups, count, page of applications, their attachments (prefetch)
    import io
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from students.applications import application_submit
    from students.uploads import check_uploads

    def add(count):
        for _ in range(count):
            buffer = io.BytesIO()
            Image.new("L", (5, 5)).save(buffer, format="PNG")
            files = check_uploads([SimpleUploadedFile("s.png", buffer.getvalue())])
            application_submit(
                actor=registry,
                student=f.StudentFactory(),
                applicant_kind="student",
                data={
                    "difficulties": "",
                    "conditions_requested": "",
                    "preferred_contact": "in_person",
                    "contact_detail": "",
                    "document_language": "kk",
                    "delivered_by": "someone",
                },
                files=[("scan", item) for item in files],
                token=uuid.uuid4(),
                consent_given=True,
                channel="paper",
            )

    client.force_login(registry)
    url = reverse("students:registry-list")
    add(2)
    pages(url, 12)
    add(26)
    response = pages(url, 12)
    assert len(response.context["applications"]) == 25
