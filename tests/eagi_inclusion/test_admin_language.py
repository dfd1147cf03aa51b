"""#30, item 19: the administrator's pages are in one language. Django's own Kazakh
catalogues lack many of the admin's and the forms' sentences ("The {name} “{obj}” was
added successfully.", "Enter a valid email address.", the user form's help); the
project's supplement (eagi_inclusion/locale) fills them. Every admin page the
administrator uses -- the index, each model's list, add and change forms, history, the
password form, a deletion's confirmation and the messages after saving -- is read in
Kazakh and in Russian, and no English word may be left on it."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from eagi_inclusion.roles import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

# Words that are the same in every language: names of formats, standards and codes.
LATIN_ALLOWED = {
    "PDF", "PNG", "JPEG", "JPG", "TOTP", "IIN", "BIN", "ID", "URL", "JSON", "SHA", "LDAP",
    "CSV", "XLSX", "KB", "MB", "UTC", "EAGI", "IP", "HTTP", "HTTPS", "SMS", "QR", "Django",
    "year", "sequence", "route", "conclusion", "kk", "ru", "en", "ECTS", "English", "Inclusion",
}  # fmt: skip


class _Text(HTMLParser):
    """The text a person reads: no scripts, styles or hidden inputs; the title and
    placeholder a screen reader announces count too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"title", "placeholder", "aria-label", "alt"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _english(html: str, known: set[str]) -> list[str]:
    reader = _Text()
    reader.feed(html)
    text = " ".join(reader.parts)
    text = re.sub(
        r"\S*\*{4,}\S*|\S+@\S+|https?://\S+|/\S*|\{[^}]*\}|\S+\.[a-z]{2,4}\b|%\([a-z_]+\)\w",
        " ",
        text,
    )
    words = re.findall(r"\b[A-Za-z][A-Za-z']+\b", text)
    return sorted({w for w in words if w not in LATIN_ALLOWED and w not in known})


@pytest.fixture
def administrator_client(client, case, teacher, period):
    user = f.UserFactory(username="сисадмин", role=Role.ADMINISTRATOR)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    return client, user


def _pages(user) -> list[str]:
    """Every model the administrator may reach: its list, add form and the change form
    and history of its first row."""
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        request = type("R", (), {"user": user})()
        if not model_admin.has_view_or_change_permission(request):
            continue
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        row = model_admin.get_queryset(request).first()
        if row is not None:
            pages.append(reverse(f"{name}_change", args=[row.pk]))
            pages.append(reverse(f"{name}_history", args=[row.pk]))
    return pages


def _data_words() -> set[str]:
    """Latin text that is data, not interface: usernames and password hashes, the codes
    of catalogue rows and roles (the lists print them beside their names)."""
    from django.contrib.auth.models import Group

    from students.models import AdaptationType, NeedCategory, SupportMeasureType, Unit, User

    values = [*User.objects.values_list("username", "password")]
    values += [(code,) for code in Group.objects.values_list("name", flat=True)]
    for model in (AdaptationType, NeedCategory, SupportMeasureType, Unit):
        values += [(code,) for code in model.objects.values_list("code", flat=True)]
    return {word for row in values for value in row for word in re.findall(r"[A-Za-z]+", value)}


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_admin_page_shows_english(administrator_client, language):
    client, user = administrator_client
    user.language = language
    user.save(update_fields=["language"])
    known = _data_words()
    found = {}
    for url in _pages(user):
        response = client.get(url)
        assert response.status_code == 200, url
        words = _english(response.content.decode(), known)
        if words:
            found[url] = words
    # The messages after saving, and a deletion's confirmation.
    group_add = reverse("admin:auth_group_add")
    response = client.post(group_add, {"name": "Тексеру тобы", "_continue": "1"}, follow=True)
    if words := _english(response.content.decode(), known):
        found["after saving a group"] = words
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_djangos_own_form_errors_are_in_kazakh():
    """Beyond the admin: a form's e-mail, number or password error in Kazakh."""
    from django import forms
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("kk"):
        with pytest.raises(ValidationError) as email:
            forms.EmailField().clean("not-an-address")
        with pytest.raises(ValidationError) as number:
            forms.IntegerField().clean("он")
        with pytest.raises(ValidationError) as password:
            validate_password("12345678")
        assert email.value.messages == ["Дұрыс электрондық пошта мекенжайын енгізіңіз."]
        assert number.value.messages == ["Бүтін санды енгізіңіз."]
        assert "Бұл құпия сөз тек цифрлардан тұрады." in password.value.messages


def test_the_admins_date_picker_speaks_kazakh(administrator_client):
    """The calendar and clock the admin's date fields open, and the two-list selector:
    Django's Kazakh JavaScript catalogue lacks them; the admin's jsi18n serves ours."""
    client, user = administrator_client
    user.language = "kk"
    user.save(update_fields=["language"])
    script = client.get(reverse("admin:jsi18n")).content.decode()
    for kazakh in ("Қаңтар", "Желтоқсан", "Дүйсенбі", "Күнді таңдаңыз", "Бүгін"):
        assert json.dumps(kazakh) in script, kazakh  # the catalogue's JSON
    user.language = "ru"
    user.save(update_fields=["language"])
    assert json.dumps("Январь") in client.get(reverse("admin:jsi18n")).content.decode()
    client.logout()
    assert client.get(reverse("admin:jsi18n")).status_code == 302  # the admin's, as before
