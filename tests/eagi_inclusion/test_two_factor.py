"""Staff confirm every sign-in with a TOTP code; students need not."""

import base64

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import current_code, totp_device
from tests.factories import DEFAULT_PASSWORD


def _password_only(user) -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return client


def test_staff_must_confirm_with_a_code_before_any_page(specialist, case):
    totp_device(specialist)
    client = _password_only(specialist)
    for url in (
        reverse("home"),
        case.get_absolute_url(),
        reverse("students:student-list"),
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("otp-verify"))
    page = client.get(reverse("otp-verify"))
    assert 'name="otp_token"' in page.content.decode()
    response = client.post(
        reverse("otp-verify"),
        {"otp_token": current_code(specialist), "next": case.get_absolute_url()},
    )
    assert response.url == case.get_absolute_url()
    assert client.get(case.get_absolute_url()).status_code == 200


def test_a_wrong_code_is_refused_next_to_the_field(specialist):
    totp_device(specialist)
    client = _password_only(specialist)
    specialist.language = "ru"
    specialist.save(update_fields=["language"])
    response = client.post(reverse("otp-verify"), {"otp_token": "000000"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_otp_token_error"' in body
    assert "Код неверен или уже использован" in body
    assert client.get(reverse("home")).status_code == 302


def test_a_code_is_accepted_only_once(specialist):
    device = totp_device(specialist)
    code = current_code(specialist)
    first = _password_only(specialist)
    assert first.post(reverse("otp-verify"), {"otp_token": code}).status_code == 302
    second = _password_only(specialist)
    response = second.post(reverse("otp-verify"), {"otp_token": code})
    # Replayed: refused next to the field, and the second session stays at the step.
    assert response.status_code == 200
    assert 'id="id_otp_token_error"' in response.content.decode()
    home = second.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("otp-verify"))
    assert first.get(reverse("home")).status_code == 200
    device.refresh_from_db()
    assert device.last_t >= 0  # the used time step is remembered


def test_students_are_not_asked_for_a_code(student, case):
    client = _password_only(student)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_staff_without_an_authenticator_set_one_up(centre_head):
    client = _password_only(centre_head)
    response = client.get(reverse("otp-verify"))
    assert response.status_code == 302 and response.url.startswith(reverse("otp-setup"))
    page = client.get(response.url).content.decode()
    assert "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=centre_head, confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    assert client.post(reverse("otp-setup"), {"otp_token": code}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


def test_the_readme_documents_the_demo_key_that_seed_demo_and_the_tests_use():
    import re
    from pathlib import Path

    from tests.conftest import TEST_TOTP_KEY
    from workspace.demo.data import DEMO_TOTP_SECRET

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"base32 secret \*\*`([A-Z2-7]+)`\*\*", readme).group(1)
    assert documented == DEMO_TOTP_SECRET
    assert base64.b32decode(documented).hex() == TEST_TOTP_KEY


def test_the_session_key_changes_when_the_second_factor_is_verified(specialist, case):
    totp_device(specialist)
    client = _password_only(specialist)
    before = client.cookies["sessionid"].value
    response = client.post(reverse("otp-verify"), {"otp_token": current_code(specialist)})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    # The key known before the second step no longer opens anything.
    from django.test import Client

    stale = Client()
    stale.cookies["sessionid"] = before
    response = stale.get(case.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get(case.get_absolute_url()).status_code == 200


def test_a_student_may_turn_on_the_second_step_from_the_home_page(student, case):
    """#17: students and representatives hold health data too; they may choose TOTP."""
    client = _password_only(student)
    home = client.get(reverse("home")).content.decode()
    assert reverse("otp-setup") in home  # offered on the home page
    client.get(reverse("otp-setup"))
    device = TOTPDevice.objects.get(user=student, confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    assert client.post(reverse("otp-setup"), {"otp_token": code}).status_code == 302
    assert reverse("otp-setup") not in client.get(reverse("home")).content.decode()
    # From now on the student's sign-in has two steps, like staff.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    again = _password_only(student)
    response = again.get(case.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith(reverse("otp-verify"))
    assert again.post(reverse("otp-verify"), {"otp_token": code}).status_code == 302
    assert again.get(case.get_absolute_url()).status_code == 200


def test_a_superuser_sign_in_is_written_to_the_access_log(django_user_model):
    from documents.models import AccessEvent

    root = django_user_model.objects.create_superuser("root", "root@eagi.kz", DEFAULT_PASSWORD)
    _password_only(root)
    event = AccessEvent.objects.get(actor=root)
    assert event.action == "superuser.sign_in" and event.path == reverse("login")
