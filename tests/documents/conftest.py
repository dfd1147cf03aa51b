"""An approved route with its letters: the documents most tests here issue."""

import io

import pytest
from django.urls import reverse

from routes import services

KAZAKH_LETTERS = "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"


@pytest.fixture
def approved(case, specialist, centre_head, teacher, management, period):
    management.position = "Оқу ісі жөніндегі проректор"
    management.position_ru = "Проректор по учебной работе"
    management.save(update_fields=["position", "position_ru"])
    route = services.route_create(student=case, period=period, actor=specialist)
    services.route_update(
        route=route,
        actor=specialist,
        lock_version=route.lock_version,
        data={"special_conditions": f'{KAZAKH_LETTERS} <img src="file:///etc/passwd">'},
    )
    services.route_send_for_agreement(route=route, actor=specialist)
    services.section_agree(section=route.sections.get(), actor=teacher)
    services.route_approve(route=route, actor=management)
    route.refresh_from_db()
    return route


def write_texts(form, language: str, texts: dict[str, str] | None = None) -> None:
    """Every typed text of `form` in `language`, through the service the texts page
    uses: `texts` by field name, or the original marked with the language."""
    from documents.texts import save_translations

    save_translations(
        form,
        language,
        {
            t.key(): (texts or {}).get(t.field) or f"[{language}] {t.original}"
            for t in form.texts
            if t.original.strip()
        },
        issued=False,
    )


@pytest.fixture
def approved_in_both(approved):
    """The approved route with its texts written in Russian too."""
    from routes.forms_pdf import route_form

    write_texts(route_form(approved), "ru")
    return approved


def case_file_download(client, case, **params):
    """The whole case file as a person gets it: ask for it, open the page that follows
    its progress, take its download link (the test command runs queued work at once,
    so the file is ready by then)."""
    import re

    from django.urls import reverse

    asked = client.post(reverse("routes:case-file-pdf", args=[case.pk]), params)
    assert asked.status_code == 302, asked.status_code
    page = client.get(asked.url)
    assert page.status_code == 200
    link = re.search(r'href="([^"]+/download/)"', page.content.decode())
    assert link, page.content.decode()[:3000]
    response = client.get(link.group(1))
    assert response.status_code == 200
    response.data = response.getvalue()
    response.streaming_content = [response.data]  # readable once more, as before
    return response


def verify_post(anonymous, code, **data):
    """The public verification page, as a visitor submits it (a file: `pdf=` bytes)."""
    if "pdf" in data:
        upload = io.BytesIO(data.pop("pdf"))
        upload.name = "received.pdf"
        data["pdf"] = upload
    return anonymous.post(reverse("documents:verify", args=[code]), data).content.decode()


# One of every form (a fixture); it reads write_texts above, hence last.
from .every_form import documents  # noqa: E402, F401
