"""Assessment → conclusion → protocol → route → agreement → approval → letters."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from eagi_inclusion.roles import Role
from routes import services
from routes.models import CourseAgreement, Route, RouteDecision, TeacherLetter
from routes.services import RouteError
from students.models import AdaptationType, SupportMeasureType
from tests import factories as f
from tests.helpers import apply_online

from .conftest import ANALYSIS_MARK, section_of, to_approval

HEALTH_MARK = "HX-4242"


def test_route_draft_has_a_section_per_course_with_its_teacher(draft, teacher, second_teacher):
    assert set(draft.sections.values_list("teacher", flat=True)) == {
        teacher.pk,
        second_teacher.pk,
    }
    assert draft.status == "draft" and draft.decisions.count() == 1


def test_the_whole_journey(
    client, draft, specialist, teacher, second_teacher, management_user, student, centre_head
):
    # The specialist fills in a section and sends the route for agreement.
    client.force_login(specialist)
    section = section_of(draft, teacher)
    response = client.post(
        reverse("routes:section-edit", args=[section.pk]),
        {
            "lock_version": draft.lock_version,
            "adaptation_types": [AdaptationType.objects.get(code="extra-time").pk],
            "content_adaptations": "Materials in 18 pt.",
            "method_adaptations": "",
            "assessment_form": "oral exam",
            "extra_time_percent": 25,
            "separate_room": "on",
        },
    )
    assert response.status_code == 302
    client.post(reverse("routes:route-transition", args=[draft.pk, "send_for_agreement"]))
    draft.refresh_from_db()
    assert draft.status == "agreement"
    # Each teacher agrees their own course.
    for person in (teacher, second_teacher):
        client.force_login(person)
        own = section_of(draft, person)
        assert (
            client.get(reverse("routes:section-decide", args=[own.pk, "agree"])).status_code == 200
        )
        client.post(reverse("routes:section-decide", args=[own.pk, "agree"]), {"comment": "ok"})
    draft.refresh_from_db()
    assert draft.status == "approval"
    # The rector's office approves: registered, letters to both teachers.
    client.force_login(management_user)
    client.post(reverse("routes:route-transition", args=[draft.pk, "approve"]), {"comment": ""})
    draft.refresh_from_db()
    assert draft.status == "active"
    assert draft.register_entry.number.startswith("ЖББМ-")
    assert draft.approved_by == management_user
    assert draft.approver_position == "Оқу ісі жөніндегі проректор"
    assert TeacherLetter.objects.filter(section__route=draft).count() == 2
    # The teacher acknowledges the letter; the student sees the approved route.
    client.force_login(teacher)
    letter = TeacherLetter.objects.get(teacher=teacher)
    client.post(reverse("routes:letter-acknowledge", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.acknowledged_at is not None
    client.force_login(student)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Materials in 18 pt." in page.content.decode()
    steps = list(draft.decisions.values_list("to_status", flat=True))
    assert steps == ["draft", "agreement", "approval", "active"]


def test_teacher_sees_only_their_section_and_no_health(
    client, draft, specialist, teacher, second_teacher
):
    services.route_send_for_agreement(route=draft, actor=specialist)
    other = section_of(draft, second_teacher)
    client.force_login(teacher)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert section_of(draft, teacher).course.name_kk in body
    assert other.course.name_kk not in body
    assert HEALTH_MARK not in body and ANALYSIS_MARK not in body


def test_teacher_of_no_course_of_the_student_cannot_see_the_route(
    client, draft, specialist, other_teacher
):
    services.route_send_for_agreement(route=draft, actor=specialist)
    client.force_login(other_teacher)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_teacher_cannot_see_a_draft(client, draft, teacher):
    client.force_login(teacher)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_management_sees_routes_from_approval_without_health(
    client, draft, specialist, teacher, second_teacher, management_user
):
    client.force_login(management_user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    to_approval(draft, specialist, teacher, second_teacher)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert HEALTH_MARK not in body and ANALYSIS_MARK not in body
    assert reverse("routes:route-transition", args=[draft.pk, "approve"]) in body


def test_teacher_returns_the_route_to_draft_with_a_comment(
    client, draft, specialist, teacher, second_teacher
):
    services.route_send_for_agreement(route=draft, actor=specialist)
    services.section_agree(section=section_of(draft, second_teacher), actor=second_teacher)
    with pytest.raises(RouteError):
        services.section_return(section=section_of(draft, teacher), actor=teacher, comment=" ")
    services.section_return(
        section=section_of(draft, teacher), actor=teacher, comment="Exam must stay written."
    )
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.agreement_round == 2
    assert draft.decisions.last().comment == "Exam must stay written."
    # A new round asks every teacher again.
    services.route_send_for_agreement(route=draft, actor=specialist)
    services.section_agree(section=section_of(draft, teacher), actor=teacher)
    draft.refresh_from_db()
    assert draft.status == "agreement"


@pytest.mark.parametrize("who", ["teacher", "specialist", "centre_head", "student"])
def test_only_management_approves(request, draft, specialist, teacher, second_teacher, who):
    to_approval(draft, specialist, teacher, second_teacher)
    with pytest.raises(RouteError):
        services.route_approve(route=draft, actor=request.getfixturevalue(who))


def test_approval_is_refused_before_agreement(draft, management_user):
    with translation.override("en"), pytest.raises(RouteError, match="cannot be done now"):
        services.route_approve(route=draft, actor=management_user)


def test_teacher_cannot_decide_for_another_course(
    client, draft, specialist, teacher, second_teacher
):
    services.route_send_for_agreement(route=draft, actor=specialist)
    with pytest.raises(RouteError):
        services.section_agree(section=section_of(draft, second_teacher), actor=teacher)
    client.force_login(teacher)
    url = reverse("routes:section-decide", args=[section_of(draft, second_teacher).pk, "agree"])
    assert client.post(url).status_code == 403


def test_buttons_are_only_the_actions_the_user_may_take(client, draft, specialist, teacher):
    client.force_login(specialist)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("routes:route-transition", args=[draft.pk, "send_for_agreement"]) in body
    assert reverse("routes:route-transition", args=[draft.pk, "approve"]) not in body
    assert (
        client.get(reverse("routes:route-transition", args=[draft.pk, "approve"])).status_code
        == 403
    )


def test_a_stale_edit_gets_a_conflict_page_and_overwrites_nothing(client, draft, specialist):
    client.force_login(specialist)
    url = reverse("routes:route-edit", args=[draft.pk])
    stale = draft.lock_version
    first = client.post(url, {"lock_version": stale, "special_conditions": "First editor"})
    assert first.status_code == 302
    second = client.post(url, {"lock_version": stale, "special_conditions": "Second editor"})
    assert second.status_code == 409
    assert "Second editor" in second.content.decode()  # shown back, not lost silently
    draft.refresh_from_db()
    assert draft.special_conditions == "First editor"


def test_issued_conclusion_is_frozen_and_corrected_by_a_new_version(draft, specialist):
    issued = draft.conclusion
    issued.refresh_from_db()
    assert issued.register_entry.number.startswith("ИББҚО-")
    with pytest.raises(RouteError):
        services.conclusion_save(
            student=issued.student,
            actor=specialist,
            analysis="x",
            adaptations=[],
            conclusion=issued,
        )
    corrected = services.conclusion_correct(conclusion=issued, actor=specialist)
    assert corrected.supersedes == issued and corrected.version == 2
    assert corrected.adaptations.count() == 1


def test_protocol_is_signed_by_the_chair_only(case, specialist, centre_head, draft):
    protocol = services.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": datetime.date(2026, 9, 10),
            "place": "Room 214",
            "chair": centre_head,
            "secretary": specialist,
            "agenda": "Route",
            "discussion": "",
            "decisions": "Agreed",
        },
        attendees=[("centre", specialist, ""), ("external", None, "Dr. Omarov")],
        measures=SupportMeasureType.objects.filter(code="tutor"),
        route=draft,
    )
    with pytest.raises(RouteError):
        services.protocol_sign(protocol=protocol, actor=specialist)
    services.protocol_sign(protocol=protocol, actor=centre_head)
    protocol.refresh_from_db()
    assert protocol.status == "issued" and protocol.register_entry.number.startswith("ПКХ-")


def test_revision_makes_a_new_version_and_approval_supersedes_the_old(
    draft, specialist, teacher, second_teacher, management_user
):
    to_approval(draft, specialist, teacher, second_teacher)
    services.route_approve(route=draft, actor=management_user)
    new = services.route_new_version(route=draft, actor=specialist)
    assert new.version == 2 and new.supersedes == draft and new.sections.count() == 2
    to_approval(new, specialist, teacher, second_teacher)
    services.route_approve(route=new, actor=management_user)
    draft.refresh_from_db()
    new.refresh_from_db()
    assert draft.status == "superseded" and new.status == "active"
    # The register shows which version is in force.
    assert draft.register_entry.status == "superseded"
    assert new.register_entry.status == "registered"


def test_decisions_cannot_be_rewritten_in_the_database(draft):
    from django.db import transaction

    decision = draft.decisions.first()
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE routes_routedecision SET comment='x' WHERE id=%s", [decision.pk])


def test_route_page_and_teacher_list_queries_do_not_grow(
    client,
    pages,
    draft,
    specialist,
    teacher,
    second_teacher,
    period,
    centre_head,
):
    services.route_send_for_agreement(route=draft, actor=specialist)
    client.force_login(teacher)
    # session, user, groups, route, sections (+adaptations, agreements), decisions,
    # representatives check, access log, savepoints
    pages(draft.get_absolute_url(), 17)
    pages(reverse("routes:teacher-work"), 9)
    # More students waiting for the same teacher: the same number of queries.
    for _ in range(6):
        record = f.StudentFactory(study_group=draft.student.study_group)
        from students.services import case_assign

        case_assign(student=record, specialist=specialist, actor=centre_head)
        route = services.route_create(student=record, period=period, actor=specialist)
        services.route_send_for_agreement(route=route, actor=specialist)
    pages(draft.get_absolute_url(), 17)
    response = pages(reverse("routes:teacher-work"), 9)
    assert len(response.context["to_agree"]) == 7


@pytest.mark.django_db(transaction=True)
def test_simultaneous_approvals_exactly_one_succeeds(reference_data):
    period = f.AcademicPeriodFactory()
    head = f.UserFactory(username="h", role=Role.CENTRE_HEAD)
    spec = f.UserFactory(username="s", role=Role.SPECIALIST)
    rectors = [f.UserFactory(username=f"r{i}", role=Role.MANAGEMENT) for i in range(10)]
    record = f.StudentFactory()
    assignment = f.CourseAssignmentFactory(group=record.study_group, period=period)
    from students.services import case_assign

    case_assign(student=record, specialist=spec, actor=head)
    route = services.route_create(student=record, period=period, actor=spec)
    services.route_send_for_agreement(route=route, actor=spec)
    services.section_agree(section=route.sections.get(), actor=assignment.teacher)
    barrier = threading.Barrier(len(rectors))
    outcomes = []

    def approve(user):
        translation.activate("en")
        try:
            barrier.wait()
            services.route_approve(route=route, actor=user)
            outcomes.append("ok")
        except RouteError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=[user]) for user in rectors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert all("cannot be done now" in o for o in outcomes if o != "ok")
    assert RouteDecision.objects.filter(route=route, to_status="active").count() == 1
    assert Route.objects.get(pk=route.pk).register_entry is not None
    assert TeacherLetter.objects.count() == 1
    assert CourseAgreement.objects.count() == 1


def test_the_application_follows_the_centres_work(
    client,
    case,
    student,
    specialist,
    centre_head,
    teacher,
    second_teacher,
    management_user,
    period,
):

    application = apply_online(student, case, scans=0, token=__import__("uuid").uuid4())
    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="a", adaptations=[]
    )
    services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    application.refresh_from_db()
    assert application.status == "conclusion_issued"
    route = services.route_create(student=case, period=period, actor=specialist)
    to_approval(route, specialist, teacher, second_teacher)
    services.route_approve(route=route, actor=management_user)
    application.refresh_from_db()
    assert application.status == "route_approved"
    assert list(application.events.values_list("to_status", flat=True)) == [
        "submitted",
        "registered",
        "conclusion_issued",
        "route_in_preparation",
        "route_approved",
    ]


def test_versions_are_compared_side_by_side(
    client, draft, specialist, teacher, second_teacher, management_user, student
):
    to_approval(draft, specialist, teacher, second_teacher)
    services.route_approve(route=draft, actor=management_user)
    new = services.route_new_version(route=draft, actor=specialist)
    services.route_update(
        route=new,
        actor=specialist,
        lock_version=new.lock_version,
        data={
            "special_conditions": "Front row seat",
            "individual_schedule": "",
            "special_methods": "",
            "review_date": None,
        },
    )
    client.force_login(specialist)
    response = client.get(reverse("routes:route-compare", args=[new.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Front row seat" in body and 'class="compare__changed"' in body
    # A version id that is no number is no version (#28, finding 7: it was a 500).
    url = reverse("routes:route-compare", args=[new.pk])
    assert client.get(url + "?with=abc").status_code == 302
    assert client.get(url + f"?with={draft.pk}").status_code == 200
    client.force_login(teacher)
    assert client.get(reverse("routes:route-compare", args=[new.pk])).status_code == 404


def test_a_new_period_starts_from_a_copy_of_the_last_route(
    draft, specialist, teacher, second_teacher, management_user, case
):
    section = section_of(draft, teacher)
    services.section_update(
        section=section,
        actor=specialist,
        lock_version=draft.lock_version,
        data={"content_adaptations": "Large print"},
        adaptation_types=[],
    )
    services.route_update(
        route=draft,
        actor=specialist,
        lock_version=draft.lock_version + 1,
        data={"special_conditions": "Ground floor"},
    )
    to_approval(draft, specialist, teacher, second_teacher)
    services.route_approve(route=draft, actor=management_user)
    next_period = f.AcademicPeriodFactory(
        number=2,
        starts_on=draft.period.ends_on + datetime.timedelta(days=1),
        ends_on=draft.period.ends_on + datetime.timedelta(days=150),
    )
    f.CourseAssignmentFactory(
        group=case.study_group, period=next_period, teacher=teacher, course=section.course
    )
    draft.refresh_from_db()
    new = services.route_create(student=case, period=next_period, actor=specialist, copy_from=draft)
    assert new.special_conditions == "Ground floor" and new.version == 1
    assert new.sections.get().content_adaptations == "Large print"


def test_routes_close_when_their_period_ends(
    draft, specialist, teacher, second_teacher, management_user, centre_head
):
    import io

    from django.core.management import call_command

    to_approval(draft, specialist, teacher, second_teacher)
    services.route_approve(route=draft, actor=management_user)
    period = draft.period
    period.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    period.starts_on = period.ends_on - datetime.timedelta(days=100)
    period.save()
    call_command("close_ended_routes", actor=centre_head.username, stdout=io.StringIO())
    draft.refresh_from_db()
    assert draft.status == "closed"
    assert draft.decisions.last().actor == centre_head


def test_overdue_items_are_flagged_for_the_head(
    client, draft, specialist, teacher, second_teacher, centre_head, settings
):
    services.route_send_for_agreement(route=draft, actor=specialist)
    settings.DEADLINES = {"conclusion_working_days": 10, "agreement_days": 0}
    client.force_login(centre_head)
    response = client.get(reverse("home"))
    assert [r.pk for r in response.context["overdue"]["agreements"]] == [draft.pk]
    # The period has begun and the route is not approved yet.
    assert [r.pk for r in response.context["overdue"]["late_routes"]] == [draft.pk]
    client.force_login(teacher)
    assert 'class="badge"' in client.get(reverse("home")).content.decode()


def test_working_days_skip_weekends():
    from students.deadlines import working_days_before

    monday = datetime.date(2026, 11, 23)
    assert working_days_before(monday, 1) == datetime.date(2026, 11, 20)  # Friday
    assert working_days_before(monday, 5) == datetime.date(2026, 11, 16)
