"""Who agrees a section is decided by the teaching assignment, not by a role; and the
head can always move a route on (give a section to another teacher, or agree it on
the teacher's behalf). The demo's PSY3105: a centre specialist teaches it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from eagi_inclusion.roles import Role
from routes import services
from routes.models import CourseAgreement, Route, RouteDecision, RouteStatus
from students.models import Student, User
from students.services import case_assign
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def taught_by_a_specialist(case, period, other_specialist, specialist, centre_head):
    """The fixture case's group takes one course from a teacher and one from a centre
    specialist who is not on the case (no teacher role)."""
    f.CourseAssignmentFactory(group=case.study_group, period=period)
    f.CourseAssignmentFactory(group=case.study_group, period=period, teacher=other_specialist)
    route = services.route_create(student=case, period=period, actor=specialist)
    services.route_send_for_agreement(route=route, actor=specialist)
    return route


def test_a_specialist_who_teaches_the_course_sees_and_agrees_its_section(
    client, taught_by_a_specialist, other_specialist
):
    route = taught_by_a_specialist
    section = route.sections.get(teacher=other_specialist)
    client.force_login(other_specialist)
    page = client.get(reverse("routes:route-detail", args=[route.pk]))
    assert page.status_code == 200
    assert [s.pk for s in page.context["sections"]] == [section.pk]  # their own only
    assert client.get(reverse("routes:teacher-work")).status_code == 200
    assert client.get(reverse("home")).context["to_agree"][0].pk == section.pk
    response = client.post(reverse("routes:section-decide", args=[section.pk, "agree"]), {})
    assert response.status_code == 302
    assert section.agreements.get().teacher == other_specialist


def test_a_teacher_who_returns_a_section_lands_on_a_page_they_may_see(
    client, taught_by_a_specialist
):
    route = taught_by_a_specialist
    section = route.sections.exclude(teacher__groups__name=Role.SPECIALIST).get()
    client.force_login(section.teacher)
    response = client.post(
        reverse("routes:section-decide", args=[section.pk, "return"]), {"comment": "Too much"}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert Route.objects.get(pk=route.pk).status == RouteStatus.DRAFT


def test_the_head_gives_a_section_to_another_teacher(
    client, taught_by_a_specialist, other_specialist, centre_head
):
    route = taught_by_a_specialist
    section = route.sections.get(teacher=other_specialist)
    new_teacher = f.UserFactory(username="newteacher", role=Role.TEACHER)
    client.force_login(centre_head)
    url = reverse("routes:section-handover", args=[section.pk])
    assert client.get(url).status_code == 200
    # A reassignment without a teacher is refused beside the field.
    refused = client.post(url, {"action": "reassign", "reason": "Оқытушы ауысты"})
    assert refused.status_code == 200 and refused.context["form"].errors["teacher"]
    response = client.post(
        url, {"action": "reassign", "teacher": new_teacher.pk, "reason": "Оқытушы ауысты"}
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.teacher == new_teacher
    assert new_teacher.notifications.filter(kind="route_for_agreement").exists()
    decision = route.decisions.get(event=RouteDecision.Event.SECTION_REASSIGNED)
    assert decision.actor == centre_head and "Оқытушы ауысты" in decision.comment_text
    history = section.history.order_by("-history_id").first()
    assert history.history_user == centre_head and history.teacher_id == new_teacher.pk
    # The new teacher now agrees it.
    services.section_agree(section=section, actor=new_teacher)


def test_the_head_agrees_on_behalf_and_the_route_reaches_approval(
    client, taught_by_a_specialist, other_specialist, centre_head, teacher
):
    route = taught_by_a_specialist
    other = route.sections.exclude(teacher=other_specialist).get()
    services.section_agree(section=other, actor=other.teacher)
    section = route.sections.get(teacher=other_specialist)
    client.force_login(centre_head)
    page = client.get(reverse("routes:route-detail", args=[route.pk])).content.decode()
    assert reverse("routes:section-handover", args=[section.pk]) in page
    client.post(
        reverse("routes:section-handover", args=[section.pk]),
        {"action": "on_behalf", "reason": "Оқытушы ұзақ демалыста"},
    )
    agreement = section.agreements.get()
    assert agreement.teacher == centre_head and agreement.decision == "agreed"
    assert Route.objects.get(pk=route.pk).status == RouteStatus.APPROVAL
    # Nobody but the head hands over.
    client.force_login(teacher)
    assert client.get(reverse("routes:section-handover", args=[section.pk])).status_code == 403


def test_the_demos_psy3105_can_be_agreed_by_the_specialist_who_teaches_it(client, settings):
    """As the issue found it: a new student in Әлия's group, on specialist2's case;
    PSY3105 is taught by `specialist`, who is not on the case."""
    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)
    aliya = Student.objects.get(user__username="student")
    newcomer = f.StudentFactory(study_group=aliya.study_group)
    head = User.objects.get(username="centre_head")
    specialist2 = User.objects.get(username="specialist2")
    case_assign(student=newcomer, specialist=specialist2, actor=head)
    period = Route.objects.filter(student=aliya).first().period
    route = services.route_create(student=newcomer, period=period, actor=specialist2)
    services.route_send_for_agreement(route=route, actor=specialist2)
    section = route.sections.get(course__code="PSY3105")
    teacher_of_psy = User.objects.get(username="specialist")
    assert section.teacher == teacher_of_psy
    client.force_login(teacher_of_psy)
    assert client.get(reverse("routes:route-detail", args=[route.pk])).status_code == 200
    client.post(reverse("routes:section-decide", args=[section.pk, "agree"]), {})
    assert section.agreements.filter(decision=CourseAgreement.Decision.AGREED).exists()
    for other in route.sections.exclude(pk=section.pk):
        services.section_agree(section=other, actor=other.teacher)
    assert Route.objects.get(pk=route.pk).status == RouteStatus.APPROVAL


def test_the_single_route_lookup_sees_what_the_list_sees(
    taught_by_a_specialist,
    case,
    specialist,
    other_specialist,
    centre_head,
    management,
    student,
    representative,
    teacher,
    other_teacher,
):
    """route_list_visible_to(one=True) tests teaching by EXISTS, the list by a literal
    id list: the same answers for every person and route (docs/architecture.md)."""
    from routes.selectors import route_list_visible_to

    other = f.StudentFactory()
    routes = [
        taught_by_a_specialist,
        services.route_create(
            student=other, period=taught_by_a_specialist.period, actor=centre_head
        ),
    ]
    people = [specialist, other_specialist, centre_head, management, student, representative]
    people += [teacher, other_teacher]
    seen = 0
    for person in people:
        listed = set(route_list_visible_to(person).values_list("pk", flat=True))
        for route in routes:
            one = route_list_visible_to(person, one=True).filter(pk=route.pk).exists()
            assert one == (route.pk in listed), (person.username, route.pk)
            # The route page's read: its staff cases tested by its annotations (#32).
            paged = route_list_visible_to(person, case_access=True).filter(pk=route.pk)
            assert paged.exists() == one, (person.username, route.pk)
            seen += one
    assert seen >= 4  # not trivially empty: head, case specialist, both teachers


def test_a_new_version_of_the_demos_aliya_route_equals_the_original(settings):
    """The issue's case: 'Revise: make a new version' of Әлия's route in force."""
    from .conftest import ROUTE_OWN, ROW_OWN, field_values

    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)
    aliya_route = Route.objects.get(student__user__username="student", status=RouteStatus.ACTIVE)
    specialist = User.objects.get(username="specialist")
    new = services.route_new_version(route=aliya_route, actor=specialist)
    assert field_values(new, ROUTE_OWN) == field_values(aliya_route, ROUTE_OWN)
    old = {s.course_id: field_values(s, ROW_OWN) for s in aliya_route.sections.all()}
    assert {s.course_id: field_values(s, ROW_OWN) for s in new.sections.all()} == old
    assert all(values["adaptation_types"] for values in old.values())
    measures = [field_values(m, ROW_OWN) for m in aliya_route.support_measures.all()]
    assert [field_values(m, ROW_OWN) for m in new.support_measures.all()] == measures
    assert measures[0]["sessions_planned"] == 8
