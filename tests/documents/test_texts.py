"""#18: typed text is kept per language; a form asked for in a language its texts are
not written in is refused with the texts named, never printed half in another."""

from django.urls import reverse

from documents.texts import missing
from routes import services
from routes.forms_pdf import route_form


def test_issuing_without_the_languages_texts_is_refused_then_written(
    client, specialist, approved, teacher
):
    specialist.language = "en"  # the messages read below are the English ones
    specialist.save(update_fields=["language"])
    client.force_login(specialist)
    url = reverse("routes:route-pdf", args=[approved.pk])
    refused = client.get(url, {"language": "ru"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "cannot be issued in Russian" in page and "Special conditions" in page
    texts_url = reverse("documents:texts-edit", args=["route", approved.pk, "ru"])
    assert texts_url in page
    assert client.get(url, {"language": "kk"}).status_code == 200  # its own language

    # The texts page: each original beside a field for the Russian text.
    form_page = client.get(texts_url).content.decode()
    assert approved.special_conditions[:10] in form_page and 'lang="ru"' in form_page
    texts = [t for t in route_form(approved).texts if t.original.strip()]
    assert len(texts) == 1  # only the special conditions were typed
    field = f"text-routes-route-{approved.pk}-special_conditions"
    response = client.post(texts_url, {field: "Особые условия: дополнительное время"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.translations == {
        "ru": {"special_conditions": "Особые условия: дополнительное время"}
    }
    assert missing(route_form(approved).texts, "ru", "kk") == []
    data = b"".join(client.get(url, {"language": "ru"}).streaming_content)
    assert data.startswith(b"%PDF")
    # Once issued in Russian, its Russian texts no longer change.
    frozen = client.post(texts_url, {field: "Другое"})
    assert frozen.status_code == 302
    approved.refresh_from_db()
    assert approved.translations["ru"]["special_conditions"].startswith("Особые условия")
    assert "can no longer change" in client.get(texts_url).content.decode()

    # Only the centre's staff on the case write texts; for anyone else the page is
    # the same 404 as for a document that does not exist (#28, finding 10).
    client.force_login(teacher)
    refused = client.get(texts_url)
    absent = client.get(reverse("documents:texts-edit", args=["route", 987654, "ru"]))
    assert refused.status_code == absent.status_code == 404


def test_a_changed_original_drops_its_stale_translation(client, specialist, case, period):
    route = services.route_create(student=case, period=period, actor=specialist)
    route = services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={"special_conditions": "Қосымша уақыт", "special_methods": "NVDA"},
    )
    client.force_login(specialist)
    texts_url = reverse("documents:texts-edit", args=["route", route.pk, "ru"])
    prefix = f"text-routes-route-{route.pk}-"
    client.post(
        texts_url,
        {f"{prefix}special_conditions": "Дополнительное время", f"{prefix}special_methods": "NVDA"},
    )
    route.refresh_from_db()
    assert set(route.translations["ru"]) == {"special_conditions", "special_methods"}
    route = services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={"special_conditions": "Қосымша уақыт 50%", "special_methods": "NVDA"},
    )
    route.refresh_from_db()
    # The Russian text of the changed field is gone: the form would be refused in
    # Russian until someone writes it again; the unchanged one stays.
    assert route.translations == {"ru": {"special_methods": "NVDA"}}
    assert [t.field for t in missing(route_form(route).texts, "ru", "kk")] == ["special_conditions"]


def test_reading_a_documents_texts_is_logged(client, specialist, approved):
    from documents.models import AccessEvent

    client.force_login(specialist)
    before = AccessEvent.objects.filter(actor=specialist, student=approved.student).count()
    client.get(reverse("documents:texts-edit", args=["route", approved.pk, "ru"]))
    events = AccessEvent.objects.filter(actor=specialist, student=approved.student)
    assert events.count() == before + 1
    assert events.first().action == AccessEvent.Action.CASE_VIEW


def test_a_form_posted_after_the_document_changed_writes_no_text_to_another_field(
    client, specialist, case, period
):
    """Fields were numbered: a text emptied meanwhile shifted the numbers, and the
    Russian of one field landed in another."""
    route = services.route_create(student=case, period=period, actor=specialist)
    route = services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={"special_conditions": "Қосымша уақыт", "special_methods": "NVDA"},
    )
    client.force_login(specialist)
    texts_url = reverse("documents:texts-edit", args=["route", route.pk, "ru"])
    page = client.get(texts_url).content.decode()
    prefix = f"text-routes-route-{route.pk}-"
    assert f'name="{prefix}special_conditions"' in page
    # Someone clears the special conditions before this form is sent.
    route = services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={"special_conditions": "", "special_methods": "NVDA"},
    )
    client.post(
        texts_url,
        {f"{prefix}special_conditions": "Дополнительное время", f"{prefix}special_methods": "NVDA"},
    )
    route.refresh_from_db()
    assert route.translations == {"ru": {"special_methods": "NVDA"}}
