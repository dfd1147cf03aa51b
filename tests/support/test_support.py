"""The centre's support work: sessions planned and delivered, consultations,
external organisations, alternative formats and their reuse, barriers, training, and
the implementation loop with escalation."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from documents.models import Disclosure
from routes import services as routes
from students.models import SupportMeasureType
from support.models import (
    Barrier,
    ConvertedMaterial,
    ExternalOrganisation,
    FormatRequest,
    ImplementationReport,
    Interaction,
    Seminar,
    SupportSession,
)
from support.services import untrained_teachers
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_route(case, specialist, teacher, management, period):
    route = routes.route_create(student=case, period=period, actor=specialist)
    route.refresh_from_db()
    routes.support_measure_add(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={
            "measure_type": SupportMeasureType.objects.first(),
            "description": "Психологиялық қолдау",
            "provider": "ИББҚО психологы",
            "frequency": "аптасына бір рет",
            "sessions_planned": 4,
        },
    )
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=route.sections.get(), actor=teacher)
    routes.route_approve(route=route, actor=management)
    route.refresh_from_db()
    return route


def _kinds(user):
    return set(user.notifications.values_list("kind", flat=True))


def test_sessions_delivered_against_planned(
    client, specialist, other_specialist, teacher, case, active_route
):
    measure = active_route.support_measures.get()
    url = reverse("support:sessions", args=[case.pk])
    client.force_login(specialist)
    for attendance in ("attended", "attended", "missed"):
        response = client.post(
            url,
            {
                "measure": measure.pk,
                "date": "2026-10-01",
                "duration_minutes": 45,
                "attendance": attendance,
                "notes": "Мазасыздық азайды",
            },
        )
        assert response.status_code == 302
    page = client.get(url)
    plan = page.context["plan"][0]
    assert (plan["planned"], plan["attended"], plan["missed"], plan["remaining"]) == (4, 2, 1, 2)
    assert plan["percent"] == 50
    # The column is a session's length, not a meeting's minutes (#30, item 19).
    body = page.content.decode()
    assert '<th scope="col">Минут</th>' in body and ">Хаттама</th>" not in body
    client.force_login(other_specialist)  # may not know the case exists
    assert client.get(url).status_code == 404
    client.force_login(teacher)  # teaches the student, but sees no sessions
    assert client.get(url).status_code == 403
    client.force_login(specialist)
    bad = client.post(url, {"measure": measure.pk, "date": "not a date", "attendance": "x"})
    assert bad.status_code == 200 and bad.context["form"].errors["date"]
    assert SupportSession.objects.count() == 3


def test_a_new_version_of_the_route_carries_the_sessions_on(
    client, specialist, teacher, management, case, active_route
):
    """#30, item 10: after a new version the plan started again at 0 attended."""
    url = reverse("support:sessions", args=[case.pk])
    client.force_login(specialist)

    def session(measure, attendance):
        data = {"measure": measure.pk, "date": "2026-10-01", "attendance": attendance}
        assert client.post(url, {**data, "duration_minutes": 45}).status_code == 302

    first = active_route.support_measures.get()
    for attendance in ("attended", "attended", "missed"):
        session(first, attendance)
    second = routes.route_new_version(route=active_route, actor=specialist)
    routes.route_send_for_agreement(route=second, actor=specialist)
    routes.section_agree(section=second.sections.get(), actor=teacher)
    routes.route_approve(route=second, actor=management)
    carried = second.support_measures.get()
    assert carried.origin_id == first.pk
    plan = client.get(url).context["plan"][0]
    assert plan["measure"] == carried
    assert (plan["planned"], plan["attended"], plan["missed"], plan["remaining"]) == (4, 2, 1, 2)
    session(carried, "attended")  # recorded under the version in force
    third = routes.route_new_version(route=second, actor=specialist)
    assert third.support_measures.get().origin_id == first.pk  # the first version's, still
    plan = client.get(url).context["plan"][0]
    assert (plan["attended"], plan["missed"], plan["remaining"], plan["percent"]) == (3, 1, 1, 75)


def test_consultations_are_seen_by_their_teacher_only(
    client, specialist, teacher, other_teacher, student
):
    client.force_login(specialist)
    response = client.post(
        reverse("support:consultations"),
        {
            "teacher": teacher.pk,
            "date": "2026-10-02",
            "topic": "Емтихандағы қосымша уақыт",
            "advice": "Тестті 50% ұзақ өткізу",
        },
    )
    assert response.status_code == 302
    client.force_login(teacher)
    assert [
        c.topic for c in client.get(reverse("support:consultations")).context["consultations"]
    ] == ["Емтихандағы қосымша уақыт"]
    client.force_login(other_teacher)
    assert list(client.get(reverse("support:consultations")).context["consultations"]) == []
    client.force_login(student)
    assert client.get(reverse("support:consultations")).status_code == 403


def test_personal_data_sent_out_goes_through_the_disclosure_register(
    client, specialist, centre_head, case
):
    organisation = ExternalOrganisation.objects.create(name="ПМПК Астана", kind="ppmc")
    form = {
        "organisation": organisation.pk,
        "student": case.pk,
        "date": "2026-10-03",
        "purpose": "Қосымша тексеру",
        "documents_exchanged": "Орталықтың қорытындысы",
        "personal_data_sent": "on",
        "legal_basis": "Заңгер өкілдің келісімі",
    }
    client.force_login(specialist)
    refused = client.post(reverse("support:interactions"), form)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert Interaction.objects.count() == 0 and Disclosure.objects.count() == 0
    client.force_login(centre_head)
    assert client.post(reverse("support:interactions"), form).status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.disclosure.recipient == "ПМПК Астана"
    assert interaction.disclosure.register_entry.number


def test_a_material_converted_once_is_reused(
    client, student, case, specialist, other_student, other_case, settings
):
    other_case.study_group = case.study_group
    other_case.save()
    course = f.CourseAssignmentFactory(group=case.study_group).course
    client.force_login(student)
    response = client.post(
        reverse("support:formats"),
        {"course": course.pk, "title": "Педагогика негіздері, 3-тарау", "format": "audio"},
    )
    assert response.status_code == 302
    request = FormatRequest.objects.get()
    assert request.status == "requested" and "format_requested" in _kinds(specialist)
    client.force_login(specialist)
    upload = SimpleUploadedFile("ch3.mp3", b"ID3 audio of chapter three")
    assert (
        client.post(
            reverse("support:format-deliver", args=[request.pk]), {"file": upload}
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == "delivered" and "format_delivered" in _kinds(student)
    client.force_login(student)
    download = client.get(reverse("support:format-file", args=[request.pk]))
    assert b"".join(download.streaming_content) == b"ID3 audio of chapter three"
    # Another student of the group asks for the same material, typed differently.
    client.force_login(other_student)
    client.post(
        reverse("support:formats"),
        {"course": course.pk, "title": "педагогика негіздері — 3 тарау ", "format": "audio"},
    )
    second = FormatRequest.objects.exclude(pk=request.pk).get()
    assert second.status == "delivered" and second.reused and second.material == request.material
    assert ConvertedMaterial.objects.count() == 1
    # Each sees only their own requests and files.
    assert client.get(reverse("support:format-file", args=[request.pk])).status_code == 404


def test_a_barrier_is_reported_and_tracked_to_resolution(
    client, teacher, student, specialist, centre_head
):
    client.force_login(teacher)
    client.post(
        reverse("support:barriers"),
        {"place": "building", "location": "2-корпус, кіреберіс", "description": "Пандус жоқ"},
    )
    barrier = Barrier.objects.get()
    assert "barrier" in _kinds(centre_head)
    client.force_login(student)
    assert list(client.get(reverse("support:barriers")).context["barriers"]) == []
    assert client.get(reverse("support:barrier-update", args=[barrier.pk])).status_code == 403
    client.force_login(specialist)
    url = reverse("support:barrier-update", args=[barrier.pk])
    refused = client.post(url, {"status": "resolved", "responsible_unit": "АШБ", "resolution": ""})
    assert refused.status_code == 200
    client.post(
        url, {"status": "resolved", "responsible_unit": "АШБ", "resolution": "Пандус салынды"}
    )
    barrier.refresh_from_db()
    assert barrier.status == "resolved" and barrier.resolved_at is not None


def test_the_head_sees_teachers_of_sen_students_without_training(
    client, centre_head, teacher, other_teacher, active_route
):
    assert list(untrained_teachers()) == [teacher]
    client.force_login(centre_head)
    client.post(
        reverse("support:training"),
        {
            "date": "2026-10-10",
            "topic": "Инклюзивті білім беру негіздері",
            "trainer": "ИББҚО",
            "hours": 4,
            "attendees": [teacher.pk],
        },
    )
    assert Seminar.objects.get().attendees.get() == teacher
    assert list(untrained_teachers()) == []
    client.force_login(other_teacher)
    assert list(client.get(reverse("support:training")).context["seminars"]) == []


def test_a_specialist_who_teaches_is_trained_like_any_teacher(
    client, centre_head, specialist, active_route
):
    """#30, item 6: a specialist teaching a course of a route in force was reported as
    untrained and could not be ticked, the register taking teachers only."""
    section = active_route.sections.get()
    section.teacher = specialist
    section.save(update_fields=["teacher"])
    assert list(untrained_teachers()) == [specialist]
    client.force_login(centre_head)
    form = client.get(reverse("support:training")).content.decode()
    assert f'value="{specialist.pk}"' in form
    client.post(
        reverse("support:training"),
        {"date": "2026-10-12", "topic": "Инклюзия", "trainer": "ИББҚО", "hours": 2,
         "attendees": [specialist.pk, centre_head.pk]},
    )  # fmt: skip
    assert set(Seminar.objects.get().attendees.all()) == {specialist, centre_head}
    assert list(untrained_teachers()) == []
    client.force_login(specialist)
    assert [s.topic for s in client.get(reverse("support:training")).context["seminars"]] == [
        "Инклюзия"
    ]


def test_the_implementation_loop_with_escalation(
    client, teacher, other_teacher, student, specialist, centre_head, active_route, settings
):
    section = active_route.sections.get()
    client.force_login(teacher)
    response = client.post(
        reverse("support:check-add", args=[section.pk]),
        {"date": "2026-10-20", "event": "Аралық бақылау", "applied": "on"},
    )
    assert response.status_code == 302 and section.checks.count() == 1
    client.force_login(other_teacher)
    assert client.post(reverse("support:check-add", args=[section.pk]), {}).status_code == 404
    client.force_login(student)
    client.post(
        reverse("support:report-add", args=[section.pk]),
        {"date": "2026-10-21", "description": "Емтиханда қосымша уақыт берілмеді"},
    )
    report = ImplementationReport.objects.get()
    assert report.status == "open" and "report_new" in _kinds(specialist)
    # Not escalated before the deadline, escalated after it.
    call_command("escalate_reports", stdout=io.StringIO())
    report.refresh_from_db()
    assert report.status == "open"
    ImplementationReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now()
        - datetime.timedelta(days=settings.IMPLEMENTATION_ESCALATION_DAYS + 1)
    )
    out = io.StringIO()
    call_command("escalate_reports", stdout=out)
    report.refresh_from_db()
    assert report.status == "escalated" and "1" in out.getvalue()
    assert "report_escalated" in _kinds(centre_head)
    client.force_login(specialist)
    url = reverse("support:report-resolve", args=[report.pk])
    assert client.post(url, {"resolution": ""}).status_code == 200
    client.post(url, {"resolution": "Оқытушымен сөйлестім, емтихан қайта өткізіледі"})
    report.refresh_from_db()
    assert report.status == "resolved" and "report_resolved" in _kinds(student)
    client.force_login(student)
    page = client.get(reverse("support:implementation")).content.decode()
    assert "емтихан қайта өткізіледі" in page
    assert case_notes_absent(page, active_route)


def case_notes_absent(page, route) -> bool:
    return route.student.health_profile.notes not in page


def test_support_pages_run_a_fixed_number_of_queries(
    client, specialist, teacher, student, case, active_route, pages
):
    section = active_route.sections.get()
    for count in (1, 15):
        for _ in range(count):
            ImplementationReport.objects.create(
                section=section,
                reported_by=student,
                date=datetime.date(2026, 10, 1),
                description="x",
            )
            SupportSession.objects.create(
                measure=active_route.support_measures.get(),
                specialist=specialist,
                date=datetime.date(2026, 10, 1),
                attendance="attended",
            )
        for user, url, limit in (
            (specialist, reverse("support:sessions", args=[case.pk]), 22),
            (specialist, reverse("support:implementation"), 14),
            (teacher, reverse("support:implementation"), 14),
            (student, reverse("support:implementation"), 14),
        ):
            pages(url, limit, who=user)


def test_a_specialist_asks_for_a_material_on_behalf_of_a_student(
    client, specialist, case, other_case
):
    course = f.CourseFactory()
    client.force_login(specialist)
    url = reverse("support:formats")
    refused = client.post(
        url, {"student": other_case.pk, "course": course.pk, "title": "T", "format": "braille"}
    )
    assert refused.status_code == 200 and "student" in refused.context["form"].errors
    client.post(
        url, {"student": case.pk, "course": course.pk, "title": "Карта", "format": "braille"}
    )
    request = FormatRequest.objects.get()
    assert request.student == case and request.requested_by == specialist


def test_an_escalated_report_is_the_heads_until_resolved(
    client, student, specialist, centre_head, active_route, settings
):
    """The head is told "It is now yours": the head's implementation page lists it, the
    head resolves it, and its history says who had it when."""
    section = active_route.sections.get()
    client.force_login(student)
    client.post(
        reverse("support:report-add", args=[section.pk]),
        {"date": "2026-10-21", "description": "Қосымша уақыт берілмеді ESC-1"},
    )
    report = ImplementationReport.objects.get()
    ImplementationReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now()
        - datetime.timedelta(days=settings.IMPLEMENTATION_ESCALATION_DAYS + 1)
    )
    call_command("escalate_reports", stdout=io.StringIO())
    client.force_login(centre_head)
    page = client.get(reverse("support:implementation"))
    assert page.status_code == 200
    assert report in page.context["reports"] and "ESC-1" in page.content.decode()
    escalated_on = timezone.localtime(ImplementationReport.objects.get().escalated_at)
    assert escalated_on.strftime("%d.%m.%Y") in page.content.decode()  # since when
    url = reverse("support:report-resolve", args=[report.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"resolution": "Емтихан қайта өткізіледі"})
    report.refresh_from_db()
    assert report.status == "resolved"
    history = list(report.history.order_by("history_date", "history_id"))
    assert [row.status for row in history] == ["open", "escalated", "resolved"]
    assert history[0].history_user == student
    assert history[1].history_user is None and history[1].history_change_reason == "escalated"
    assert history[2].history_user == centre_head


def test_a_specialist_passes_a_report_to_the_head_at_once(
    client, student, specialist, other_specialist, centre_head, active_route
):
    """#30, item 15: a lapse reached the head only through the daily job, after days."""
    section = active_route.sections.get()
    client.force_login(student)
    client.post(
        reverse("support:report-add", args=[section.pk]),
        {"date": "2026-10-21", "description": "Қосымша уақыт берілмеді NOW-1"},
    )
    report = ImplementationReport.objects.get()
    escalate = reverse("support:report-escalate", args=[report.pk])
    client.force_login(other_specialist)  # not on the case: may not know the report
    assert client.post(escalate).status_code == 404
    client.force_login(specialist)
    assert f'action="{escalate}"' in client.get(reverse("support:implementation")).content.decode()
    assert client.post(escalate).status_code == 302
    assert client.post(escalate).status_code == 302  # a double click: nothing more
    report.refresh_from_db()
    assert report.status == "escalated" and report.escalated_at is not None
    told = centre_head.notifications.filter(kind="report_escalated_now")
    assert told.count() == 1
    assert specialist.get_full_name() in str(told.get().message)
    # The daily job does not pass it again, and the button is gone.
    call_command("escalate_reports", stdout=io.StringIO())
    assert centre_head.notifications.filter(kind="report_escalated").count() == 0
    assert escalate not in client.get(reverse("support:implementation")).content.decode()
    history = list(report.history.order_by("history_date", "history_id"))
    assert [(row.status, row.history_user) for row in history] == [
        ("open", student),
        ("escalated", specialist),
    ]


def test_only_the_head_records_a_seminar(teacher, specialist, centre_head):
    from support import services as support_services
    from support.services import SupportError

    data = {"date": "2026-10-10", "topic": "Инклюзия", "trainer": "ИББҚО", "hours": 2}
    with pytest.raises(SupportError):
        support_services.seminar_record(actor=specialist, data={**data, "attendees": [teacher]})
    seminar = support_services.seminar_record(
        actor=centre_head, data={**data, "attendees": [teacher]}
    )
    assert list(seminar.attendees.all()) == [teacher]
