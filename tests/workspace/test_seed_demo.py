import base64
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from students.models import (
    CaseAssignment,
    CourseAssignment,
    HealthProfile,
    LegalRepresentative,
    Student,
    User,
)
from students.permissions import can_view_health
from tests.instance import ACCOUNTS  # the demo accounts, the README's contract


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker):
    """seed_demo once for the module, inside a transaction rolled back at its end:
    each test runs in a savepoint on top of it (about 2 s a test saved)."""
    from django.db import transaction
    from django.test import override_settings

    # The hashing of every test (tests/conftest.py: fast_password_hashing), already here.
    hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with hashing, django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", force=True, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(_seeded_module, db):
    pass


def _counts():
    counted = {
        model.__name__: model.objects.count()
        for model in (
            User,
            Student,
            HealthProfile,
            LegalRepresentative,
            CaseAssignment,
            CourseAssignment,
        )
    }
    # "Running it again changes nothing" (README): no new history either.
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            counted[model._meta.label] = model.objects.count()
    return counted


def test_seed_demo_refuses_without_debug_or_force(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_seed_demo_is_idempotent(seeded):
    first = _counts()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert _counts() == first


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_demo_account_signs_in(seeded, username):
    """Password, then for staff the TOTP code from the README's demo key."""
    from django.test import Client
    from django_otp.oath import totp

    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "eagi-demo-2026"})
    assert response.status_code == 302, username
    home = client.get(reverse("home"))
    if username in {"student", "student2"}:
        assert home.status_code == 200
        return
    assert home.status_code == 302 and home.url.startswith(reverse("otp-verify"))
    code = f"{totp(base64.b32decode('JBSWY3DPEHPK3PXP')):06d}"
    response = client.post(reverse("otp-verify"), {"otp_token": code, "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_demo_story_holds(seeded):
    aliya = Student.objects.get(user__username="student")
    assert (aliya.last_name, aliya.first_name, aliya.patronymic) == (
        "Нұрланова",
        "Әлия",
        "Серікқызы",
    )
    assert "DX-7731" in aliya.health_profile.notes
    assert aliya.representatives.get().user.username == "parent"
    specialist = User.objects.get(username="specialist")
    assert can_view_health(specialist, aliya)
    assert not can_view_health(User.objects.get(username="specialist2"), aliya)
    her_groups = CourseAssignment.objects.filter(group=aliya.study_group)
    assert her_groups.filter(teacher__username="teacher").exists()
    assert not her_groups.filter(teacher__username="teacher2").exists()
    daniyar = Student.objects.get(user__username="student2")
    assert daniyar.full_name == "Төлеген Данияр Асқарұлы"
    assert can_view_health(User.objects.get(username="specialist2"), daniyar)
    assert not can_view_health(specialist, daniyar)


def test_demo_teacher2_cannot_open_aliyas_case(client, seeded):
    aliya = Student.objects.get(user__username="student")
    client.force_login(User.objects.get(username="teacher2"))
    assert client.get(aliya.get_absolute_url()).status_code == 404
    client.force_login(User.objects.get(username="teacher"))
    response = client.get(aliya.get_absolute_url())
    assert response.status_code == 200
    assert "DX-7731" not in response.content.decode()


def test_demo_holds_one_record_of_each_kind_of_support_work(seeded):
    from support import models as support

    for model in (
        support.SupportSession,
        support.TeacherConsultation,
        support.Interaction,
        support.FormatRequest,
        support.ConvertedMaterial,
        support.Barrier,
        support.Seminar,
        support.AdaptationCheck,
        support.ImplementationReport,
    ):
        assert model.objects.exists(), model
    aliya = Student.objects.get(user__username="student")
    assert support.ImplementationReport.objects.get().section.route.student == aliya
    assert support.Seminar.objects.get().attendees.filter(username="teacher").exists()
