"""A copy of a route is complete: a new version of a route in force, and the next
period's route started from the last one, compared field by field with the original
(every field the models have, not a list kept here, except identity and workflow);
and every edit of a route, a section and a support measure is in its change history
with the actor and the reason."""

import datetime

import pytest
from django.urls import reverse

from routes import services
from routes.models import ChangeReason, Route, RouteCourseSection, RouteSupportMeasure
from students.models import AdaptationType, SupportMeasureType
from tests import factories as f

from .conftest import ROUTE_OWN, ROW_OWN, field_values, section_of, to_approval

pytestmark = pytest.mark.django_db


def _fill(route, specialist):
    """Every editable field of the route, its sections and a measure set to a value
    other than its default, as a specialist would through the services."""
    types = list(AdaptationType.objects.order_by("pk")[:3])
    services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={
            "special_conditions": "Ground floor; front row",
            "individual_schedule": "No classes before 10:00",
            "special_methods": "Screen reader, tactile diagrams",
            "review_date": datetime.date(2027, 1, 15),
        },
    )
    for index, section in enumerate(route.sections.order_by("pk")):
        route.refresh_from_db()
        services.section_update(
            section=section,
            actor=specialist,
            lock_version=route.lock_version,
            data={
                "content_adaptations": f"Large print {index}",
                "method_adaptations": f"Recorded lectures {index}",
                "assessment_form": "Oral exam",
                "extra_time_percent": 25 + index,
                "separate_room": True,
                "oral_instead_of_written": True,
                "interpreter": True,
                "assistive_technology": "NVDA",
            },
            adaptation_types=types[: index + 2],
        )
    route.refresh_from_db()
    services.support_measure_add(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={
            "measure_type": SupportMeasureType.objects.order_by("pk").first(),
            "description": "Weekly tutoring",
            "provider": "Centre psychologist",
            "frequency": "weekly",
            "sessions_planned": 12,
        },
    )
    route.refresh_from_db()
    return route


def test_a_new_version_is_the_original_field_by_field(
    draft, specialist, teacher, second_teacher, management_user
):
    route = _fill(draft, specialist)
    to_approval(route, specialist, teacher, second_teacher)
    services.route_approve(route=route, actor=management_user)
    route.refresh_from_db()
    new = services.route_new_version(route=route, actor=specialist)

    assert field_values(new, ROUTE_OWN) == field_values(route, ROUTE_OWN)
    old_sections = {s.course_id: s for s in route.sections.all()}
    new_sections = {s.course_id: s for s in new.sections.all()}
    assert old_sections.keys() == new_sections.keys() and len(old_sections) == 2
    for course, section in old_sections.items():
        copy = new_sections[course]
        assert field_values(copy, ROW_OWN) == field_values(section, ROW_OWN)
        assert field_values(copy, ROW_OWN)["adaptation_types"]  # not trivially empty
    old_measures = [field_values(m, ROW_OWN) for m in route.support_measures.order_by("pk")]
    new_measures = [field_values(m, ROW_OWN) for m in new.support_measures.order_by("pk")]
    assert new_measures == old_measures and old_measures[0]["sessions_planned"] == 12


def test_the_comparison_page_of_a_new_version_reports_no_change(
    client, draft, specialist, teacher, second_teacher, management_user
):
    route = _fill(draft, specialist)
    to_approval(route, specialist, teacher, second_teacher)
    services.route_approve(route=route, actor=management_user)
    new = services.route_new_version(route=route, actor=specialist)
    client.force_login(specialist)
    body = client.get(reverse("routes:route-compare", args=[new.pk])).content.decode()
    assert 'class="compare__changed"' not in body


def test_the_next_periods_route_carries_every_field_of_courses_that_go_on(
    draft, specialist, teacher, second_teacher, management_user, case
):
    route = _fill(draft, specialist)
    to_approval(route, specialist, teacher, second_teacher)
    services.route_approve(route=route, actor=management_user)
    route.refresh_from_db()
    section = section_of(route, teacher)
    next_period = f.AcademicPeriodFactory(
        number=2,
        starts_on=route.period.ends_on + datetime.timedelta(days=1),
        ends_on=route.period.ends_on + datetime.timedelta(days=150),
    )
    new_teacher = f.UserFactory(username="newteacher")
    f.CourseAssignmentFactory(
        group=case.study_group, period=next_period, teacher=new_teacher, course=section.course
    )
    new = services.route_create(student=case, period=next_period, actor=specialist, copy_from=route)

    assert field_values(new, ROUTE_OWN | {"review_date"}) == field_values(
        route, ROUTE_OWN | {"review_date"}
    )
    carried = new.sections.get()
    assert carried.teacher == new_teacher  # the new period's teacher
    skip = ROW_OWN | {"teacher"}
    assert field_values(carried, skip) == field_values(section, skip)
    assert [field_values(m, ROW_OWN) for m in new.support_measures.all()] == [
        field_values(m, ROW_OWN) for m in route.support_measures.all()
    ]


def test_every_edit_is_in_the_history_with_the_actor_and_the_reason(client, draft, specialist):
    """Through the pages, as the specialist edits: the route's conditions, a section,
    a new support measure."""
    client.force_login(specialist)
    section = draft.sections.order_by("pk").first()
    routes_before = draft.history.count()
    response = client.post(
        reverse("routes:route-edit", args=[draft.pk]),
        {
            "lock_version": draft.lock_version,
            "special_conditions": "Ground floor",
            "individual_schedule": "",
            "special_methods": "",
            "review_date": "",
        },
    )
    assert response.status_code == 302
    edit = draft.history.order_by("-history_id").first()
    assert draft.history.count() == routes_before + 1
    assert edit.special_conditions == "Ground floor"
    assert edit.history_user == specialist
    assert edit.history_change_reason == ChangeReason.ROUTE_EDITED

    draft.refresh_from_db()
    types = list(AdaptationType.objects.order_by("pk")[:1])
    response = client.post(
        reverse("routes:section-edit", args=[section.pk]),
        {
            "lock_version": draft.lock_version,
            "adaptation_types": [t.pk for t in types],
            "content_adaptations": "Large print",
            "method_adaptations": "",
            "assessment_form": "",
            "extra_time_percent": "25",
            "assistive_technology": "",
        },
    )
    assert response.status_code == 302
    row = RouteCourseSection.history.filter(id=section.pk).order_by("-history_id").first()
    assert row.content_adaptations == "Large print" and row.extra_time_percent == 25
    assert row.history_user == specialist
    assert row.history_change_reason == ChangeReason.SECTION_EDITED

    draft.refresh_from_db()
    response = client.post(
        reverse("routes:measure-add", args=[draft.pk]),
        {
            "lock_version": draft.lock_version,
            "measure_type": SupportMeasureType.objects.order_by("pk").first().pk,
            "description": "Tutoring",
            "provider": "Psychologist",
            "frequency": "weekly",
            "sessions_planned": "10",
        },
    )
    assert response.status_code == 302
    measure = RouteSupportMeasure.objects.get(route=draft)
    row = measure.history.get()
    assert row.sessions_planned == 10 and row.history_user == specialist
    assert row.history_change_reason == ChangeReason.MEASURE_ADDED
    # A stale form changes nothing and leaves no history row.
    count = Route.history.filter(id=draft.pk).count()
    response = client.post(
        reverse("routes:route-edit", args=[draft.pk]),
        {
            "lock_version": 0,
            "special_conditions": "Overwritten",
            "individual_schedule": "",
            "special_methods": "",
            "review_date": "",
        },
    )
    assert response.status_code == 409
    assert Route.history.filter(id=draft.pk).count() == count
    draft.refresh_from_db()
    assert draft.special_conditions == "Ground floor"


def test_the_system_sentences_of_a_new_version_are_in_the_readers_language(
    draft, specialist, teacher, second_teacher, management_user
):
    """Stored as event codes, not as text in the actor's language."""
    from django.utils import translation

    from routes.models import RouteDecision

    to_approval(draft, specialist, teacher, second_teacher)
    services.route_approve(route=draft, actor=management_user)
    with translation.override("ru"):
        new = services.route_new_version(route=draft, actor=specialist)
    to_approval(new, specialist, teacher, second_teacher)
    services.route_approve(route=new, actor=management_user)
    created = new.decisions.get(event=RouteDecision.Event.NEW_VERSION)
    replaced = draft.decisions.get(event=RouteDecision.Event.SUPERSEDED)
    assert created.comment == "" and replaced.comment == ""
    with translation.override("kk"):
        assert created.comment_text == "Күшіндегі маршруттың жаңа нұсқасы."
    with translation.override("en"):
        assert replaced.comment_text == "Replaced by its new version, approved."
