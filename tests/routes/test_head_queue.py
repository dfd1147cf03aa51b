"""The head's own steps are visible: a specialist sends a draft conclusion to the
head, who is told and finds it on the home page with the application's deadline; the
chair of a recorded protocol is told and finds it there too."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.models import RegisterEntry
from routes import services
from routes.models import Conclusion
from students.deadlines import working_days_after
from students.models import SupportMeasureType
from tests.helpers import apply_online

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(case, student):
    return apply_online(student, case, texts=("Көру қабілеті нашар", "Үлкен қаріп"), scans=0)


def test_a_conclusion_sent_to_the_head_is_on_the_heads_queue_with_its_deadline(
    client, case, specialist, centre_head, application
):
    registered = timezone.now() - datetime.timedelta(days=30)
    RegisterEntry.objects.filter(pk=application.register_entry_id).update(registered_at=registered)
    conclusion = services.conclusion_save(
        student=case, actor=specialist, analysis="Needs large print", adaptations=[]
    )
    client.force_login(specialist)
    page = client.get(conclusion.get_absolute_url()).content.decode()
    assert reverse("routes:conclusion-submit", args=[conclusion.pk]) in page
    response = client.post(reverse("routes:conclusion-submit", args=[conclusion.pk]))
    assert response.status_code == 302
    conclusion.refresh_from_db()
    assert conclusion.submitted_at is not None
    assert centre_head.notifications.filter(kind="conclusion_to_issue").exists()
    assert conclusion.history.order_by("-history_id").first().history_user == specialist
    # Sent once: a second click is refused and changes nothing.
    client.post(reverse("routes:conclusion-submit", args=[conclusion.pk]))
    assert Conclusion.objects.get(pk=conclusion.pk).submitted_at == conclusion.submitted_at

    client.force_login(centre_head)
    home = client.get(reverse("home"))
    [queued] = home.context["to_issue"]
    assert queued.pk == conclusion.pk
    due = working_days_after(timezone.localtime(registered).date(), 10)
    assert queued.due == due and queued.overdue
    assert conclusion.get_absolute_url() in home.content.decode()
    services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    assert client.get(reverse("home")).context["to_issue"] == []


def test_the_chair_is_told_and_finds_the_protocol_to_sign(client, case, specialist, centre_head):
    protocol = services.protocol_create(
        student=case,
        actor=specialist,
        data={
            "date": datetime.date(2026, 9, 15),
            "place": "214",
            "chair": centre_head,
            "agenda": "Маршрут",
            "decisions": "Келісуге жіберу",
        },
        attendees=[("centre", centre_head, "")],
        measures=SupportMeasureType.objects.none(),
    )
    assert centre_head.notifications.filter(kind="protocol_to_sign").exists()
    client.force_login(centre_head)
    assert [p.pk for p in client.get(reverse("home")).context["to_sign"]] == [protocol.pk]
    services.protocol_sign(protocol=protocol, actor=centre_head)
    assert client.get(reverse("home")).context["to_sign"] == []


def test_each_acknowledge_button_says_whose_letter(
    client, case, specialist, centre_head, management, teacher, period
):
    """Two students in one course: a screen reader hears two different buttons."""
    from students.services import case_assign
    from tests import factories as f

    neighbour = f.StudentFactory(study_group=case.study_group)
    case_assign(student=neighbour, specialist=specialist, actor=centre_head)
    for record in (case, neighbour):
        route = services.route_create(student=record, period=period, actor=specialist)
        services.route_send_for_agreement(route=route, actor=specialist)
        for section in route.sections.all():
            services.section_agree(section=section, actor=section.teacher)
        services.route_approve(route=route, actor=management)
    client.force_login(teacher)
    page = client.get(reverse("routes:teacher-work")).content.decode()
    buttons = re.findall(r"<button[^>]*>([^<]*)</button>", page)
    for record in (case, neighbour):
        assert [b for b in buttons if record.full_name in b], record.full_name


def test_each_recommended_adaptation_keeps_its_own_details(client, case, specialist):
    from students.models import AdaptationType

    extra, formats = AdaptationType.objects.filter(is_active=True).order_by("pk")[:2]
    client.force_login(specialist)
    url = reverse("routes:conclusion-create", args=[case.pk])
    # Details of an adaptation that is not ticked: an error beside that field.
    refused = client.post(url, {"analysis": "a", f"detail_{extra.pk}": "+25% on exams"})
    assert refused.status_code == 200 and refused.context["form"].errors[f"detail_{extra.pk}"]
    response = client.post(
        url,
        {
            "analysis": "Needs large print",
            f"adaptation_{extra.pk}": "on",
            f"detail_{extra.pk}": "+25% on written exams",
            f"adaptation_{formats.pk}": "on",
            f"detail_{formats.pk}": "18 pt and electronic copies",
        },
    )
    assert response.status_code == 302
    conclusion = Conclusion.objects.get(student=case)
    details = {a.adaptation_type_id: a.detail for a in conclusion.adaptations.all()}
    assert details == {extra.pk: "+25% on written exams", formats.pk: "18 pt and electronic copies"}
    page = client.get(conclusion.get_absolute_url()).content.decode()
    assert page.count("+25% on written exams") == 1 and "18 pt and electronic copies" in page
    # Editing shows each one's own details again.
    form = client.get(reverse("routes:conclusion-edit", args=[conclusion.pk])).context["form"]
    assert form[f"detail_{formats.pk}"].value() == "18 pt and electronic copies"
    assert form[f"adaptation_{extra.pk}"].value() is True


def test_the_demo_shows_the_heads_queue(client, settings):
    from django.core.management import call_command

    from students.models import User

    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)
    call_command("seed_demo", force=True, verbosity=0)  # a second run adds nothing
    client.force_login(User.objects.get(username="centre_head"))
    queued = client.get(reverse("home")).context["to_issue"]
    assert [c.student.user.username for c in queued] == ["student2"]
