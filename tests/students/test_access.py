"""Who may open a case, and who may see its health profile."""

import pytest
from django.urls import reverse
from guardian.shortcuts import get_perms

from documents.models import AccessEvent
from students.services import CaseError, case_assign, case_unassign

HEALTH_MARK = "HX-4242"  # in the case's confidential health notes (conftest)


def _detail(client, user, student):
    client.force_login(user)
    return client.get(reverse("students:student-detail", args=[student.pk]))


# Who gets 404 or 403 on the case page, the health form, the list and the assignment
# (another specialist, another group's teacher, the rector's office, the registry, the
# administrator, a student on the staff list): rows of the access matrices,
# tests/access_world.py and tests/test_post_matrix.py, not repeated here.


def test_assigned_specialist_sees_the_case_and_its_health(client, specialist, case):
    response = _detail(client, specialist, case)
    assert response.status_code == 200
    assert HEALTH_MARK in response.content.decode()


def test_centre_head_sees_every_case_with_health(client, centre_head, case, other_case):
    for record, mark in ((case, HEALTH_MARK), (other_case, "OX-1111")):
        response = _detail(client, centre_head, record)
        assert response.status_code == 200
        assert mark in response.content.decode(), record


def test_teacher_of_the_students_course_sees_study_data_but_never_health(client, teacher, case):
    response = _detail(client, teacher, case)
    body = response.content.decode()
    assert response.status_code == 200
    assert case.last_name in body
    assert HEALTH_MARK not in body
    assert case.iin not in body
    assert "health" not in response.context or not response.context.get("health")
    client.force_login(teacher)
    assert client.get(reverse("students:health-edit", args=[case.pk])).status_code == 403


def test_student_sees_own_record_without_health_notes(client, student, case, other_case):
    response = _detail(client, student, case)
    assert response.status_code == 200
    assert HEALTH_MARK not in response.content.decode()
    assert _detail(client, student, other_case).status_code == 404


def test_representative_sees_only_the_represented_student(client, representative, case, other_case):
    assert _detail(client, representative, case).status_code == 200
    assert _detail(client, representative, other_case).status_code == 404


def test_superuser_gets_no_shortcut_to_cases(client, django_user_model, case):
    root = django_user_model.objects.create_superuser("root", "root@example.kz", "x" * 20)
    assert _detail(client, root, case).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, case):
    response = client.get(reverse("students:student-detail", args=[case.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_each_read_of_the_case_writes_exactly_one_entry(client, specialist, case):
    before = AccessEvent.objects.filter(actor=specialist, student=case).count()
    response = _detail(client, specialist, case)
    events = AccessEvent.objects.filter(actor=specialist, student=case)
    assert events.count() == before + 1
    event = events.latest("occurred_at")
    assert event.action == "health.view" and event.role == "specialist"
    assert event.request_id == response["X-Request-ID"]
    assert event.ip_address == "127.0.0.1"


def test_teacher_view_is_logged_but_not_as_a_health_read(client, teacher, case):
    _detail(client, teacher, case)
    assert AccessEvent.objects.filter(actor=teacher, action="case.view").count() == 1
    assert not AccessEvent.objects.filter(actor=teacher, action="health.view").exists()


def test_personal_pages_are_not_stored_by_the_browser(client, specialist, case):
    response = _detail(client, specialist, case)
    assert "no-store" in response["Cache-Control"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_deactivated_user_is_signed_out_at_the_next_request(client, specialist, case):
    client.force_login(specialist)
    assert client.get(case.get_absolute_url()).status_code == 200
    specialist.is_active = False
    specialist.save(update_fields=["is_active"])
    assert client.get(case.get_absolute_url()).status_code == 302


def test_sessions_end_after_twelve_hours_whatever_the_activity(client, specialist, case):
    import time

    from eagi_inclusion.middleware import SESSION_STARTED

    client.force_login(specialist)
    client.get("/")
    session = client.session
    session[SESSION_STARTED] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302
    assert client.get(case.get_absolute_url()).status_code == 302  # signed out


def test_idle_sessions_expire_after_thirty_minutes(client, student, case, settings, monkeypatch):
    import datetime
    import time

    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from eagi_inclusion.middleware import SESSION_RENEWED

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(student)
    client.get("/")
    key = client.session.session_key
    session = client.session
    session[SESSION_RENEWED] = time.time() - 61  # last renewed a minute ago
    session.save()
    # Idle for 25 minutes: five left on the stored expiry.
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert client.get(case.get_absolute_url()).status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert renewed > timezone.now() + datetime.timedelta(minutes=29)  # 30 minutes again
    # Within the minute, a request leaves the session alone: no write at all.
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("django_session" in q["sql"] and "UPDATE" in q["sql"] for q in queries)
    assert Session.objects.get(pk=key).expire_date == renewed
    # Thirty minutes without a request: the session is over, sign in again. The cache's
    # copy (eagi_inclusion/sessions.py) is kept for the same 30 minutes: its clock too
    # moves on.
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    later = time.time() + 30 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_passwords_are_hashed_with_argon2(django_user_model, settings):
    from django.contrib.auth.hashers import make_password

    from eagi_inclusion import settings as project

    # The project's own list, not the fast one the other tests use.
    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    user = django_user_model.objects.create_user("argon", password="a long enough password")
    assert user.password.startswith("argon2$")
    # An older PBKDF2 hash still signs in, and is upgraded to Argon2 on the way.
    user.password = make_password("a long enough password", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.check_password("a long enough password")  # as the sign-in backend does
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_assignment_grants_and_unassignment_revokes_object_permissions(
    other_specialist, centre_head, case
):
    case_assign(student=case, specialist=other_specialist, actor=centre_head)
    assert set(get_perms(other_specialist, case)) == {
        "view_case",
        "work_on_case",
        "view_case_health",
    }
    case_unassign(student=case, specialist=other_specialist, actor=centre_head)
    assert get_perms(other_specialist, case) == []
    assert case.assignments.filter(specialist=other_specialist, ended_at__isnull=False).exists()


def test_assigning_twice_keeps_one_active_assignment(other_specialist, centre_head, case):
    case_assign(student=case, specialist=other_specialist, actor=centre_head)
    case_assign(student=case, specialist=other_specialist, actor=centre_head)
    assert case.assignments.filter(specialist=other_specialist, ended_at=None).count() == 1


def test_only_the_centre_head_assigns(specialist, other_specialist, case):
    with pytest.raises(CaseError):
        case_assign(student=case, specialist=other_specialist, actor=specialist)


def test_cases_are_assigned_only_to_centre_staff(teacher, centre_head, case):
    with pytest.raises(CaseError):
        case_assign(student=case, specialist=teacher, actor=centre_head)


def test_centre_head_assigns_through_the_case_page(client, centre_head, other_specialist, case):
    client.force_login(centre_head)
    response = client.post(
        reverse("students:case-assign", args=[case.pk]), {"specialist": other_specialist.pk}
    )
    assert response.status_code == 302
    client.force_login(other_specialist)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_list_shows_only_visible_students(client, specialist, case, other_case):
    client.force_login(specialist)
    response = client.get(reverse("students:student-list"))
    assert list(response.context["students"]) == [case]


def test_health_profile_edit_saves_with_history(client, specialist, case):
    from students.models import NeedCategory

    client.force_login(specialist)
    hearing = NeedCategory.objects.get(code="hearing")
    response = client.post(
        reverse("students:health-edit", args=[case.pk]),
        {
            "need_categories": [hearing.pk],
            "disability_group": "3",
            "disability_valid_until": "2027-05-01",
            "mse_conclusion_number": "МӘС-77",
            "mse_conclusion_date": "2025-05-01",
            "notes": "Updated note",
        },
    )
    assert response.status_code == 302
    case.health_profile.refresh_from_db()
    assert case.health_profile.notes == "Updated note"
    assert list(case.health_profile.need_categories.all()) == [hearing]
    assert case.health_profile.history.count() >= 2
    assert case.health_profile.history.first().history_user == specialist


def test_health_profile_form_errors_are_shown_next_to_the_field(client, specialist, case):
    client.force_login(specialist)
    client.cookies["eagi_language"] = "ru"
    specialist.language = "ru"
    specialist.save(update_fields=["language"])
    response = client.post(
        reverse("students:health-edit", args=[case.pk]),
        {"disability_group": "", "mse_conclusion_number": "77", "notes": "Should not be saved"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_mse_conclusion_date_error"' in body
    assert "Укажите и номер, и дату заключения." in body
    case.health_profile.refresh_from_db()
    assert case.health_profile.notes != "Should not be saved"


def test_student_sees_who_viewed_their_data(
    client, student, specialist, teacher, case, other_student
):
    _detail(client, specialist, case)
    _detail(client, teacher, case)
    client.force_login(student)
    body = client.get(reverse("students:access-history", args=[case.pk])).content.decode()
    assert specialist.get_full_name() in body and teacher.get_full_name() in body
    client.force_login(other_student)
    assert client.get(reverse("students:access-history", args=[case.pk])).status_code == 404
    client.force_login(specialist)
    assert client.get(reverse("students:access-history", args=[case.pk])).status_code == 404
