"""Every page of the base layout renders in each language, with the landmarks and
the language switcher, and the language choice follows the user."""

import pytest
from django.urls import reverse

LANGUAGES = ["kk", "ru", "en"]
# A phrase of each page, in each language, that proves the catalogue was used.
SIGN_IN = {"kk": "Жүйеге кіру", "ru": "Вход", "en": "Sign in"}
SKIP = {
    "kk": "Негізгі мазмұнға өту",
    "ru": "Перейти к основному содержанию",
    "en": "Skip to main content",
}


def _assert_layout(body, language):
    assert f'<html lang="{language}"' in body
    assert SKIP[language] in body
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body
    assert 'name="language"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_anonymous_pages_render_in_each_language(client, language):
    client.cookies["eagi_language"] = language
    for name in ("login", "password_reset"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        _assert_layout(response.content.decode(), language)
    assert SIGN_IN[language] in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_in_pages_render_in_each_language(
    client, language, specialist, centre_head, teacher, student, representative, case
):
    pages = {
        specialist: [
            "home",
            "students:student-list",
            case.get_absolute_url(),
            reverse("students:health-edit", args=[case.pk]),
            "password_change",
        ],
        centre_head: ["home", case.get_absolute_url()],
        teacher: ["home", case.get_absolute_url()],
        student: ["home", case.get_absolute_url()],
        representative: ["home"],
    }
    for user, urls in pages.items():
        user.language = language
        user.save(update_fields=["language"])
        client.force_login(user)
        for url in urls:
            response = client.get(url if url.startswith("/") else reverse(url))
            assert response.status_code == 200, (user, url)
            _assert_layout(response.content.decode(), language)


def test_language_choice_is_remembered_on_the_account(client, specialist):
    client.force_login(specialist)
    response = client.post(reverse("set-language"), {"language": "ru", "next": "/"})
    assert response.status_code == 302
    specialist.refresh_from_db()
    assert specialist.language == "ru"
    # Another browser (no cookie) still gets Russian once signed in.
    client.cookies.clear()
    client.force_login(specialist)
    assert '<html lang="ru"' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(
        reverse("set-language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_display_switch_turns_large_text_on_and_off(client):
    client.post(reverse("set-display"), {"option": "large-text", "next": "/accounts/login/"})
    assert 'class="large-text"' in client.get(reverse("login")).content.decode()
    client.post(reverse("set-display"), {"option": "large-text", "next": "/accounts/login/"})
    assert 'class="large-text"' not in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_kazakh_is_the_default_language(client):
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="kk"' in body


@pytest.mark.django_db
def test_health_endpoint_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_login_error_is_shown_in_the_users_language(client, specialist):
    client.cookies["eagi_language"] = "ru"
    response = client.post(reverse("login"), {"username": "spec", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in body


def test_dates_follow_the_language(client, centre_head, case):
    from django.utils import formats, translation

    with translation.override("kk"):
        assert formats.date_format(case.date_of_birth, "SHORT_DATE_FORMAT") == "12.04.2005"
        assert formats.date_format(case.date_of_birth).startswith("2005 жылғы 12")
    with translation.override("ru"):
        assert formats.date_format(case.date_of_birth) == "12 апреля 2005 г."


def test_media_files_have_no_public_url(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7 private")
    assert client.get(f"{settings.MEDIA_URL}scan.pdf").status_code == 404


def test_display_preferences_follow_the_account(client, specialist):
    client.force_login(specialist)
    client.post(reverse("set-display"), {"option": "high-contrast", "next": "/"})
    specialist.refresh_from_db()
    assert specialist.display == "high-contrast"
    client.cookies.clear()
    client.force_login(specialist)
    assert 'class="high-contrast"' in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_user_name_for_fifteen_minutes(client, specialist):
    url = reverse("login")
    for attempt in range(1, 6):
        response = client.post(url, {"username": "spec", "password": "wrong password!"})
        assert response.status_code == (429 if attempt == 5 else 200)
    locked = client.post(url, {"username": "spec", "password": "correct horse battery staple"})
    assert locked.status_code == 429
    assert 'role="alert"' in locked.content.decode()
    # An unknown user name gets exactly the same treatment: nothing tells them apart.
    for _ in range(5):
        client.post(url, {"username": "nobody-here", "password": "wrong password!"})
    assert client.post(url, {"username": "nobody-here", "password": "x"}).status_code == 429


@pytest.mark.django_db
def test_a_lockout_from_elsewhere_does_not_lock_the_head_out(client, centre_head):
    """Finding 8: five requests from anywhere locked `centre_head` for 15 minutes."""
    from django.test import Client

    from tests.factories import DEFAULT_PASSWORD

    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "head", "password": "wrong!"}, REMOTE_ADDR="203.0.113.9")
    attacker = client.post(
        url, {"username": "head", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert attacker.status_code == 429  # locked where the failures came from
    office = Client().post(
        url, {"username": "head", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.20.0.15"
    )
    assert office.status_code == 302  # the head's own computer still signs in


@pytest.mark.django_db
def test_signing_in_as_oneself_does_not_unlock_guessing_another_account(
    client, specialist, centre_head
):
    """#28, finding 4: a success reset every failure of the address, so an account
    holder guessed `centre_head`'s password without limit between own sign-ins."""
    from tests.factories import DEFAULT_PASSWORD

    url = reverse("login")
    address = {"REMOTE_ADDR": "192.0.2.44"}
    for guess in range(4):
        response = client.post(url, {"username": "head", "password": f"guess-{guess}"}, **address)
        assert response.status_code == 200
    own = client.post(url, {"username": "spec", "password": DEFAULT_PASSWORD}, **address)
    assert own.status_code == 302
    client.logout()
    # The fifth guess still locks the name at this address: the four were kept.
    fifth = client.post(url, {"username": "head", "password": "guess-4"}, **address)
    assert fifth.status_code == 429
    # The specialist's own failures at this address are what a success clears.
    for _ in range(4):
        client.post(url, {"username": "spec", "password": "typo"}, **address)
    assert (
        client.post(url, {"username": "spec", "password": DEFAULT_PASSWORD}, **address).status_code
        == 302
    )
    client.logout()
    for _ in range(4):
        assert (
            client.post(url, {"username": "spec", "password": "typo"}, **address).status_code == 200
        )


@pytest.mark.django_db
def test_spraying_one_password_over_many_accounts_is_throttled(client, settings, specialist):
    """Finding 8: one address could try a password on every account, unthrottled."""
    from django.test import Client

    from tests.factories import DEFAULT_PASSWORD

    settings.AXES_IP_FAILURE_LIMIT = 12  # 100 in production; the same rule, smaller
    url = reverse("login")
    for n in range(12):  # a different name each time: no name reaches its own limit
        response = client.post(
            url, {"username": f"guess{n}", "password": "Spring2026!"}, REMOTE_ADDR="198.51.100.7"
        )
        assert response.status_code == (429 if n == 11 else 200), n
    # The address is locked, whatever the name; another address is not.
    sprayer = client.post(
        url, {"username": "spec", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert sprayer.status_code == 429
    other = Client().post(
        url, {"username": "spec", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="198.51.100.8"
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_get_the_same_message(client, specialist):
    url = reverse("login")
    wrong = client.post(url, {"username": "spec", "password": "wrong password!"})
    unknown = client.post(url, {"username": "nobody", "password": "wrong password!"})
    assert wrong.context["form"].errors == unknown.context["form"].errors
