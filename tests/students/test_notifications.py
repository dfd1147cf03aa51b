"""Notifications: in the app for every workflow event, e-mailed after the commit in
the recipient's language, at once or in the daily digest."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from routes import services as routes
from students.models import Application, Notification, User
from tests.helpers import apply_online as _apply

pytestmark = pytest.mark.django_db


def _kinds(user):
    return sorted(user.notifications.values_list("kind", flat=True))


def test_an_application_is_announced_after_commit_in_each_language(
    student, case, centre_head, django_capture_on_commit_callbacks
):
    student.language, centre_head.language = "kk", "ru"
    student.save()
    centre_head.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = _apply(student, case)
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    number = application.register_entry.number
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {student.email, centre_head.email}
    assert by_address[centre_head.email].subject.startswith(f"Новое заявление {number}")
    assert by_address[student.email].subject.startswith(f"Сіздің {number} өтінішіңіз")
    assert application.get_absolute_url() in by_address[student.email].body
    assert _kinds(centre_head) == ["application_new"]
    assert _kinds(student) == ["application_submitted"]
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_a_failed_operation_leaves_no_notification_and_sends_nothing(
    student, case, centre_head, django_capture_on_commit_callbacks
):
    before = Notification.objects.count()  # the specialist was told of the case
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _apply(student, case)
        raise RuntimeError("injected after the application was saved")
    assert Notification.objects.count() == before
    assert mail.outbox == []


def test_digest_readers_get_one_e_mail_a_day(
    student, case, centre_head, django_capture_on_commit_callbacks
):
    centre_head.notification_delivery = User.Delivery.DIGEST
    centre_head.language = "en"
    centre_head.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = _apply(student, case)
        # One open application per student: the first was dealt with before the second.
        Application.objects.filter(pk=first.pk).update(status="closed")
        second = _apply(student, case)
    assert centre_head.email not in {m.to[0] for m in mail.outbox}
    mail.outbox.clear()
    call_command("send_digest", stdout=io.StringIO())
    digest = [m for m in mail.outbox if m.to == [centre_head.email]]
    assert len(digest) == 1
    body = digest[0].body
    assert digest[0].subject == "EAGI Inclusion: your daily digest"
    assert f"New application {first.register_entry.number}" in body
    assert f"New application {second.register_entry.number}" in body
    assert not centre_head.notifications.filter(emailed_at__isnull=True).exists()
    mail.outbox.clear()
    call_command("send_digest", stdout=io.StringIO())
    assert [m for m in mail.outbox if m.to == [centre_head.email]] == []


def test_digest_lists_overdue_items_for_the_people_responsible(
    student, case, centre_head, specialist, other_specialist
):
    application = _apply(student, case)
    application.register_entry.registered_at = timezone.now() - datetime.timedelta(days=40)
    application.register_entry.save(update_fields=["registered_at"])
    centre_head.language = specialist.language = other_specialist.language = "en"
    for user in (centre_head, specialist, other_specialist):
        user.save()
    Notification.objects.update(emailed_at=timezone.now())
    mail.outbox.clear()
    call_command("send_digest", stdout=io.StringIO())
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {centre_head.email, specialist.email}  # not the other specialist
    body = to[specialist.email].body
    assert "1: applications without a conclusion after the deadline" in body
    assert "/students/applications/?overdue=on" in body
    # The timer runs again the same day: nobody gets the same digest twice.
    mail.outbox.clear()
    call_command("send_digest", stdout=io.StringIO())
    assert mail.outbox == []
    # The next day the overdue items are told again.
    User.objects.update(digest_sent_on=timezone.localdate() - datetime.timedelta(days=1))
    call_command("send_digest", stdout=io.StringIO())
    assert {m.to[0] for m in mail.outbox} == {centre_head.email, specialist.email}


def test_the_route_workflow_tells_whoever_acts_next(
    case, student, representative, specialist, teacher, management, period
):
    route = routes.route_create(student=case, period=period, actor=specialist)
    routes.route_send_for_agreement(route=route, actor=specialist)
    assert _kinds(teacher) == ["route_for_agreement"]
    routes.section_return(section=route.sections.get(), actor=teacher, comment="Тым көп")
    returned = specialist.notifications.get(kind="route_returned")
    assert "Тым көп" in returned.message
    routes.route_send_for_agreement(route=route, actor=specialist)
    routes.section_agree(section=route.sections.get(), actor=teacher)
    assert "route_for_approval" in _kinds(management)
    routes.route_approve(route=route, actor=management)
    assert "route_approved" in _kinds(student)
    assert "route_approved" in _kinds(representative)
    assert "letter" in _kinds(teacher)
    # The actor is never told about their own action.
    assert "route_for_approval" not in _kinds(teacher)
    assert not management.notifications.filter(kind="route_approved").exists()
    # No health data in any notification.
    for notification in Notification.objects.all():
        assert case.health_profile.notes not in notification.message


def test_the_notification_page_shows_only_ones_own(client, student, case, centre_head):
    _apply(student, case)
    client.force_login(student)
    response = client.get(reverse("notification-list"))
    assert response.status_code == 200
    assert [n.kind for n in response.context["notifications"]] == ["application_submitted"]
    theirs = centre_head.notifications.get()
    # Marking another person's notification read does nothing.
    client.post(reverse("notifications-read"), {"pk": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.post(reverse("notifications-read"))
    assert not student.notifications.filter(read_at__isnull=True).exists()
    response = client.post(reverse("notification-list"), {"notification_delivery": "digest"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.notification_delivery == "digest"
    bad = client.post(reverse("notification-list"), {"notification_delivery": "hourly"})
    assert bad.status_code == 200 and "notification_delivery" in bad.context["form"].errors


def test_the_notification_page_runs_a_fixed_number_of_queries(
    client, student, case, pages, settings
):
    settings.APPLICATIONS_PER_HOUR = 100  # 31 applications to fill the page
    client.force_login(student)
    for count in (1, 30):
        for _ in range(count):
            Application.objects.filter(student=case).update(status="closed")  # one at a time
            _apply(student, case)
        pages(reverse("notification-list"), 11)


def test_a_persons_e_mail_choice_is_in_their_accounts_history(client, student):
    client.force_login(student)
    response = client.post(reverse("notification-list"), {"notification_delivery": "digest"})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.notification_delivery == "digest"
    row = student.history.order_by("-history_id").first()
    assert row.notification_delivery == "digest" and row.history_user == student
