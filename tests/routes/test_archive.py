"""Archive: read-only from archiving; destruction of personal data after retention."""

import datetime

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from documents.models import AccessEvent, DisposalAct, IssuedFile, RegisterEntry
from documents.rendering import issue
from routes import services
from routes.forms_pdf import route_form
from routes.models import Route
from students.applications import ApplicationError
from students.disposal import DisposalError, case_dispose
from students.models import HealthProfile, NeedCategory, Student
from students.services import CaseError, case_archive, case_assign
from tests.helpers import apply_online


@pytest.fixture
def full_case(case, student, specialist, centre_head, teacher, management, period):
    apply_online(student, case, scans=0)
    services.assessment_create(
        student=case,
        actor=specialist,
        data={
            "date": datetime.date(2026, 9, 1),
            "method": "m",
            "findings": "FINDING-1",
            "recommendations": "r",
        },
    )
    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="a", adaptations=[]
    )
    services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    route = services.route_create(student=case, period=period, actor=specialist)
    services.route_send_for_agreement(route=route, actor=specialist)
    services.section_agree(section=route.sections.get(), actor=teacher)
    services.route_approve(route=route, actor=management)
    case.health_profile.need_categories.set(NeedCategory.objects.filter(code="visual"))
    issue(route_form(route), actor=specialist, language="kk")
    # The support work of the case goes with it.
    from support import services as support

    section = route.sections.get()
    support.check_record(
        actor=teacher, section=section, data={"date": datetime.date(2026, 10, 1), "event": "e"}
    )
    support.report_create(
        actor=student,
        section=section,
        data={"date": datetime.date(2026, 10, 2), "description": "REPORT-1"},
    )
    support.format_request_create(
        actor=student, student=case, course=section.course, title="Book", format="audio"
    )
    return case


def test_archiving_makes_the_case_read_only(
    client, full_case, centre_head, specialist, student, other_specialist
):
    case_archive(student=full_case, actor=centre_head, reason="graduated")
    full_case.refresh_from_db()
    assert full_case.retention_until == timezone.localdate().replace(
        year=timezone.localdate().year + 5
    )
    route = Route.objects.get(student=full_case)
    with pytest.raises(services.RouteError):
        services.route_new_version(route=route, actor=specialist)
    with pytest.raises(services.RouteError):
        services.route_close(route=route, actor=centre_head)
    with pytest.raises(CaseError):
        case_assign(student=full_case, specialist=other_specialist, actor=centre_head)
    with pytest.raises(ApplicationError):
        apply_online(student, full_case, scans=0)
    # Still readable by the staff on the case, without edit links.
    client.force_login(specialist)
    page = client.get(full_case.get_absolute_url() + "?tab=documents")
    assert page.status_code == 200 and "FINDING-1" in page.content.decode()
    assert client.get(reverse("students:health-edit", args=[full_case.pk])).status_code == 403


def test_destruction_waits_for_the_end_of_retention(full_case, centre_head):
    case_archive(student=full_case, actor=centre_head, reason="left")
    with pytest.raises(DisposalError, match="ends on|аяқталады|истекает"):
        case_dispose(student=full_case, actor=centre_head)


def test_destruction_removes_personal_data_history_and_files(
    client, full_case, centre_head, django_capture_on_commit_callbacks
):
    case_archive(student=full_case, actor=centre_head, reason="graduated")
    Student.objects.filter(pk=full_case.pk).update(
        retention_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    stored = [f.file.path for f in IssuedFile.objects.filter(register_entry__student=full_case)]
    assert stored and all(__import__("os").path.exists(p) for p in stored)
    entries_before = RegisterEntry.objects.filter(student=full_case).count()
    # The head reads the archived case: an access event that must outlive the case.
    client.force_login(centre_head)
    assert client.get(full_case.get_absolute_url()).status_code == 200
    events_before = list(
        AccessEvent.objects.filter(student=full_case).order_by("pk").values_list("pk", "action")
    )
    assert events_before
    with django_capture_on_commit_callbacks(execute=True):
        act = case_dispose(student=full_case, actor=centre_head)
    assert act.register_entry.number.startswith("ЖОЮ-")
    assert act.destroyed["routes"] == 1 and act.destroyed["health_profiles"] == 1
    assert act.destroyed["implementation_reports"] == 1 and act.destroyed["format_requests"] == 1
    from support.models import ImplementationReport

    assert not ImplementationReport.history.model.objects.filter(description="REPORT-1").exists()
    # Rows and their history rows are gone, for every model of the case.
    for model in apps.get_models():
        if model._meta.app_label not in {"students", "routes", "support"}:
            continue
        fields = {f.name for f in model._meta.concrete_fields}
        if (
            "student" in fields
            and model is not Student
            and not model.__name__.startswith("HistoricalStudent")
        ):
            assert not model.objects.filter(student_id=full_case.pk).exists(), model
    assert not HealthProfile.history.model.objects.exists()
    for model in apps.get_models():
        # The history of many-to-many fields (SEN categories, section adaptations).
        if model.__name__.startswith("Historical") and "_" in model.__name__:
            assert not model.objects.exists(), model
    assert not Student.history.model.objects.filter(id=full_case.pk, last_name="Сәрсенова").exists()
    full_case.refresh_from_db()
    assert full_case.last_name == "—" and full_case.first_name == "" and full_case.disposed_at
    assert not any(__import__("os").path.exists(p) for p in stored)
    # The register keeps numbers and dates (plus the act); the access log stays.
    assert RegisterEntry.objects.filter(student=full_case).count() == entries_before + 1
    assert set(
        RegisterEntry.objects.filter(student=full_case)
        .exclude(doc_type="disposal")
        .values_list("status", flat=True)
    ) == {"destroyed"}
    assert DisposalAct.objects.count() == 1
    # Who read the data, and when, is kept: the same events, pointing at the husk.
    assert (
        list(
            AccessEvent.objects.filter(student=full_case, pk__lte=events_before[-1][0])
            .order_by("pk")
            .values_list("pk", "action")
        )
        == events_before
    )


def test_append_only_logs_still_refuse_deletes_outside_disposal(full_case):
    route = Route.objects.get(student=full_case)
    decision = route.decisions.first()
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM routes_routedecision WHERE id = %s", [decision.pk])


def test_only_the_head_archives_and_sees_the_archive(client, full_case, specialist, centre_head):
    client.force_login(specialist)
    assert client.get(reverse("routes:archive-list")).status_code == 403
    assert (
        client.post(
            reverse("routes:case-archive", args=[full_case.pk]), {"reason": "graduated"}
        ).status_code
        == 403
    )
    client.force_login(centre_head)
    client.post(reverse("routes:case-archive", args=[full_case.pk]), {"reason": "graduated"})
    full_case.refresh_from_db()
    assert full_case.archived_at is not None
    assert full_case.full_name in client.get(reverse("routes:archive-list")).content.decode()


def test_a_refused_service_call_is_a_message_never_a_server_error(
    client, full_case, specialist, centre_head
):
    """#17 finding 6: a user who may read the case but not work on it (here: it is
    archived) posted a new assessment or conclusion and got a 500."""
    from django.test import Client

    case_archive(student=full_case, actor=centre_head, reason="graduated")
    strict = Client(raise_request_exception=False)
    strict.force_login(specialist)
    from tests.conftest import totp_device

    session = strict.session
    from django_otp import DEVICE_ID_SESSION_KEY

    session[DEVICE_ID_SESSION_KEY] = totp_device(specialist).persistent_id
    session.save()
    page = full_case.get_absolute_url()
    assessments = Student.objects.get(pk=full_case.pk).assessments.count()
    for name, data in (
        (
            "routes:assessment-create",
            {
                "date": "2026-11-02",
                "method": "Бақылау",
                "findings": "Тексеру",
                "recommendations": "Тексеру",
            },
        ),
        ("routes:conclusion-create", {"analysis": "Тексеру", "adaptation_types": []}),
    ):
        url = reverse(name, args=[full_case.pk])
        response = strict.post(url, data, HTTP_REFERER=f"http://testserver{page}")
        # Back where the person was, with the refusal as a message (in Kazakh, the
        # specialist's language) that gives the reason: the case is archived (#30,
        # item 11: it used to say the specialist was not on the case).
        assert response.status_code == 302, name
        assert response.url.endswith(page), name
        shown = strict.get(page).content.decode()
        assert (
            '<p class="message message--error">Іс мұрағатта: оны оқуға болады, бірақ '
            "өзгертуге болмайды.</p>"
        ) in shown, name
    assert Student.objects.get(pk=full_case.pk).assessments.count() == assessments


def test_an_archived_case_offers_no_change_closes_its_route_and_says_why(
    client, full_case, centre_head, specialist
):
    """#30, item 11: every action button stayed on an archived case, a change was
    refused as if the specialist were not on the case, and the graduate's route stayed
    in force."""
    for person in (centre_head, specialist):
        person.language = "en"
        person.save(update_fields=["language"])
    route = Route.objects.get(student=full_case)
    close = reverse("routes:route-transition", args=[route.pk, "close"])
    create = reverse("routes:assessment-create", args=[full_case.pk])
    case_file = reverse("routes:case-file", args=[full_case.pk])
    client.force_login(centre_head)
    assert close in client.get(route.get_absolute_url()).content.decode()
    assert create in client.get(full_case.get_absolute_url()).content.decode()

    case_archive(student=full_case, actor=centre_head, reason="graduated")

    route.refresh_from_db()
    assert route.status == "closed"
    last = route.decisions.order_by("-pk").first()
    assert (last.actor, last.comment) == (centre_head, "The case is archived.")
    for person in (centre_head, specialist):
        client.force_login(person)
        case_page = client.get(full_case.get_absolute_url()).content.decode()
        assert create not in case_page and case_file in case_page
        route_page = client.get(route.get_absolute_url()).content.decode()
        assert close not in route_page and "Edit the route" not in route_page
    refused = client.post(
        create,
        {"date": "2026-10-01", "method": "m", "findings": "f", "recommendations": "r"},
        follow=True,
    ).content.decode()
    assert "The case is archived: it can be read but no longer changed." in refused
    assert "Only centre staff working on this case" not in refused
