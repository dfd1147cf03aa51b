"""The administrator is not a back door to health data (#17 findings 1 and 2): each
attack of the report, replayed against the running views, now fails."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from eagi_inclusion.roles import Role, has_role
from students.models import User
from tests.conftest import SignedInClient

pytestmark = pytest.mark.django_db


def _change_url(user):
    return reverse("admin:students_user_change", args=[user.pk])


def _form_fields(client, url) -> set[str]:
    body = client.get(url).content.decode()
    return set(re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', body))


def test_the_administrator_cannot_raise_their_own_roles(client, administrator, centre_head):
    client.force_login(administrator)
    url = _change_url(administrator)
    fields = _form_fields(client, url)
    assert "groups" not in fields and "is_superuser" not in fields
    assert "user_permissions" not in fields
    head = Group.objects.get(name="centre_head")
    client.post(
        url,
        {
            "username": administrator.username,
            "groups": [head.pk],
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "on",
            "last_name": "X",
            "first_name": "Y",
            "language": "kk",
        },
    )
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert set(administrator.groups.values_list("name", flat=True)) == {"administrator"}


def test_the_administrator_cannot_give_a_health_role(client, administrator, teacher):
    client.force_login(administrator)
    url = _change_url(teacher)
    body = client.get(url).content.decode()
    for role in ("centre_head", "specialist"):
        group = Group.objects.get(name=role)
        assert f'value="{group.pk}"' not in body, role
        response = client.post(
            url,
            {
                "username": teacher.username,
                "groups": [group.pk],
                "is_staff": "",
                "is_active": "on",
                "last_name": teacher.last_name,
                "first_name": teacher.first_name,
                "language": "kk",
            },
        )
        assert response.status_code == 200  # the form again: not a valid choice
    assert set(teacher.groups.values_list("name", flat=True)) == {"teacher"}


def test_nobody_reads_a_totp_key_or_sets_another_persons_password(
    client, administrator, specialist, django_user_model
):
    from tests.conftest import totp_device

    device = totp_device(specialist)
    superuser = django_user_model.objects.create_superuser("root", "root@eagi.kz", "x" * 20)
    for user in (administrator, superuser):
        client.force_login(user)
        assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
        assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").status_code == 404
        url = reverse("admin:auth_user_password_change", args=[specialist.pk])
        page = client.get(url)
        assert page.status_code == 200 and 'type="password"' not in page.content.decode()
        assert client.post(url, {"password1": "n3w-pass-2026!", "password2": "n3w-pass-2026!"})
    specialist.refresh_from_db()
    assert not specialist.check_password("n3w-pass-2026!")
    # Nor the e-mail an account's links go to.
    client.force_login(administrator)
    assert 'name="email"' not in client.get(_change_url(specialist)).content.decode()


def test_a_password_link_goes_to_the_owner_and_a_change_ends_other_sessions(
    client, administrator, representative, case, django_capture_on_commit_callbacks
):
    """Finding 2: the administrator set the parent's password and signed in as them.
    Now the administrator can only send the parent a link to the parent's own e-mail."""
    from tests.factories import DEFAULT_PASSWORD

    representative.email = "parent@example.kz"
    representative.save(update_fields=["email"])
    elsewhere = SignedInClient()
    elsewhere.force_login(representative)  # the parent is signed in on a phone
    assert elsewhere.get(case.get_absolute_url()).status_code == 200
    client.force_login(administrator)
    changelist = reverse("admin:students_user_changelist")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            changelist,
            {"action": "send_password_link", "_selected_action": [representative.pk]},
        )
    [letter] = [m for m in mail.outbox if m.to == ["parent@example.kz"]]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", letter.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    owner = Client()
    form_page = owner.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path
    new_password = "A new long password 2026"
    with django_capture_on_commit_callbacks(execute=True):
        done = owner.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    representative.refresh_from_db()
    assert representative.check_password(new_password)
    assert not representative.check_password(DEFAULT_PASSWORD)
    # The owner is told, and the phone's session is over.
    # In the owner's language (Kazakh).
    assert "ЕАГИ Инклюзия: құпия сөзіңіз өзгертілді" in [m.subject for m in mail.outbox]
    response = elsewhere.get(case.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_new_account_gets_a_link_never_a_password_from_the_administrator(
    client, administrator, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    add = reverse("admin:students_user_add")
    fields = _form_fields(client, add)
    assert not {"password1", "password2", "password"} & fields
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            add,
            {
                "username": "new-teacher",
                "email": "new.teacher@eagi.kz",
                "last_name": "Жаңа",
                "first_name": "Оқытушы",
            },
        )
    created = User.objects.get(username="new-teacher")
    assert not created.has_usable_password()
    assert [m.to for m in mail.outbox] == [["new.teacher@eagi.kz"]]


def test_only_the_head_gives_the_roles_that_open_health_data(
    client, centre_head, administrator, teacher
):
    url = reverse("students:staff-roles")
    client.force_login(administrator)
    assert client.get(url).status_code == 403
    client.force_login(centre_head)
    response = client.post(
        url, {"username": teacher.username, "role": "specialist", "grant": "give"}
    )
    assert response.status_code == 302
    assert teacher.groups.filter(name="specialist").exists()
    page = client.get(url).content.decode()
    assert teacher.get_full_name() in page
    client.post(url, {"username": teacher.username, "role": "specialist", "grant": "take"})
    assert not teacher.groups.filter(name="specialist").exists()
    refused = client.post(
        url, {"username": centre_head.username, "role": "centre_head", "grant": "take"}
    )
    assert refused.status_code == 200 and centre_head.groups.filter(name="centre_head").exists()


def test_the_first_head_and_administrator_come_from_the_command_with_no_password(
    mailoutbox, django_capture_on_commit_callbacks
):
    """#27: the superuser is refused the health roles by design, so nothing made the
    first head. `first_accounts` does, once: no password (a one-time link instead),
    the authenticator paired at the first sign-in."""
    from django.contrib.auth.tokens import default_token_generator

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "first_accounts",
            "--admin",
            "it-admin,it@eagi.kz,Жақсыбеков Тимур",
            "--head",
            "head,head@eagi.kz,Бекова Гүлнар Маратқызы",
            "--language",
            "ru",
            stdout=out,
        )
    head = User.objects.get(username="head")
    admin = User.objects.get(username="it-admin")
    assert (head.last_name, head.first_name, head.patronymic) == ("Бекова", "Гүлнар", "Маратқызы")
    assert has_role(head, Role.CENTRE_HEAD) and not head.is_staff and not head.is_superuser
    assert has_role(admin, Role.ADMINISTRATOR) and admin.is_staff and not admin.is_superuser
    assert not head.has_usable_password() and not admin.has_usable_password()
    assert not TOTPDevice.objects.filter(user__in=[head, admin]).exists()
    assert "создана без пароля" in out.getvalue()
    links = re.findall(r"https?://\S+/accounts/reset/\S+/", out.getvalue())
    assert len(links) == 2  # the administrator's, then the head's
    token = links[1].rstrip("/").rsplit("/", 1)[1]
    assert default_token_generator.check_token(head, token)
    assert sorted(m.to[0] for m in mailoutbox) == ["head@eagi.kz", "it@eagi.kz"]
    # Once: a second head comes from the head, in the app.
    with pytest.raises(CommandError, match="There is a head of the centre already"):
        call_command(
            "first_accounts",
            "--head",
            "h2,h2@eagi.kz,Сәрсенов Ерлан",
            stdout=io.StringIO(),
            language="en",
        )
    with pytest.raises(CommandError, match="user name,e-mail"):
        call_command("first_accounts", "--admin", "x@eagi.kz", language="en")
    # The daily timer names no one: the head is the actor.
    from workspace.management.commands.enqueue_daily import default_actor

    assert default_actor() == "head"


def test_a_reset_link_comes_from_site_url_and_resets_are_limited(
    client, settings, specialist, mailoutbox, django_capture_on_commit_callbacks, empty_cache
):
    """#28, finding 8: the link was built from the request's Host header and 8 requests
    sent 8 e-mails."""
    settings.SITE_URL = "https://inclusion.eagi.kz"
    settings.ALLOWED_HOSTS = ["*"]
    url = reverse("password_reset")
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url, {"email": specialist.email}, HTTP_HOST="evil.example", REMOTE_ADDR="192.0.2.9"
            )
        assert response.status_code == 302  # the same answer every time
    # Three e-mails to the account in an hour, each linking to the real site only.
    assert len(mailoutbox) == settings.PASSWORD_RESET_ACCOUNT_LIMIT == 3
    for message in mailoutbox:
        assert "https://inclusion.eagi.kz/accounts/reset/" in message.body
        assert "evil.example" not in message.body
    # One address asking for many accounts is stopped, with a sentence, after ten.
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 5
    refused = client.post(
        url, {"email": "someone@eagi.kz"}, REMOTE_ADDR="192.0.2.9", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 429
    assert "Try again in an hour" in refused.content.decode()
    other = client.post(url, {"email": "someone@eagi.kz"}, REMOTE_ADDR="192.0.2.10")
    assert other.status_code == 302


def test_the_administrator_does_not_see_who_is_a_client_of_the_centre(client, administrator, case):
    """#28, finding 6: the case assignment list and the access log in the admin named
    the centre's clients."""
    client.force_login(administrator)
    index = client.get(reverse("admin:index")).content.decode()
    assert "caseassignment" not in index and "accessevent" not in index
    assert client.get("/admin/students/caseassignment/").status_code == 404
    assert client.get("/admin/documents/accessevent/").status_code == 403


def test_the_reset_password_link_of_an_account_sends_the_owner_a_link(
    client, administrator, representative, django_capture_on_commit_callbacks
):
    """#30, item 12: the administrator's "Reset password" on an account led to a 403.
    It leads to a page that sends the owner a one-time link, never a password form."""
    representative.email = "parent@example.kz"
    representative.save(update_fields=["email"])
    administrator.language = "en"
    administrator.save(update_fields=["language"])
    client.force_login(administrator)
    account = client.get(_change_url(representative)).content.decode()
    link = reverse("admin:auth_user_password_change", args=[representative.pk])
    assert f'href="{link}"' in account or 'href="../password/"' in account
    page = client.get(link)
    assert page.status_code == 200
    body = page.content.decode()
    assert representative.email in body and 'type="password"' not in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link, follow=True)
    assert "A link to choose a password was sent to parent@example.kz" in done.content.decode()
    (message,) = mail.outbox
    assert message.to == ["parent@example.kz"] and "/accounts/reset/" in message.body


def test_roles_are_named_in_the_administrators_language_not_by_code(client, administrator, teacher):
    """#30, item 19: role groups appeared as raw codes (`centre_head`) in the admin."""
    client.force_login(administrator)  # Kazakh, the default
    page = client.get(_change_url(teacher)).content.decode()
    assert ">Оқытушы</option>" in page and ">teacher</option>" not in page
    listing = client.get(reverse("admin:students_user_changelist"))
    body = listing.content.decode()
    assert "?role=teacher" in body and ">teacher</a>" not in body
    only = client.get(reverse("admin:students_user_changelist"), {"role": "teacher"})
    assert list(only.context["cl"].queryset) == [teacher]
    # The roles' own list: each by its name, its code beside it.
    groups = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "Оқытушы" in groups and "ИББҚО басшысы" in groups
