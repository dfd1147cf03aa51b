"""#30, item 17: a disclosure of personal data to a third party (§10.3) is registered
and issued on the official form like the other documents: in the language its texts
were typed in, in the other once the head has written them there; sealed, verifiable,
in the case file; only the head, who keeps the register, downloads it."""

import datetime

import pytest
from django.urls import reverse

from documents.models import AccessEvent, Disclosure
from tests.helpers import pdf_of, pdf_text

pytestmark = pytest.mark.django_db

RECIPIENT_KK = "Астана қаласының Полиция департаменті"
RECIPIENT_RU = "Департамент полиции города Астаны"


def _flat(text: str) -> str:
    return " ".join(text.split())  # lines joined as a reader reads them


def test_the_head_records_a_disclosure_and_issues_its_form(client, centre_head, specialist, case):
    client.force_login(centre_head)
    response = client.post(
        reverse("students:disclosure-create", args=[case.pk]),
        {
            "recipient": RECIPIENT_KK,
            "legal_basis": "Тергеушінің № 12-34/5678 сұрауы",
            "what": "Орталық қорытындысының көшірмесі",
            "disclosed_on": "2026-09-03",
        },
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.text_language == case.document_language == "kk"
    pdf_url = reverse("students:disclosure-pdf", args=[disclosure.pk])
    texts_url = reverse("documents:texts-edit", args=["disclosure", disclosure.pk, "ru"])
    page = client.get(reverse("students:disclosure-list")).content.decode()
    # Kazakh now; Russian once its texts are written: the head gets the texts page.
    assert f"{pdf_url}?language=kk" in page and texts_url in page
    assert f"{pdf_url}?language=ru" not in page

    text = _flat(pdf_text(pdf_of(client.get(pdf_url, {"language": "kk"}))))
    assert disclosure.register_entry.number in text and RECIPIENT_KK in text
    assert "Дербес деректерді үшінші тұлғаға беру туралы акт".upper() in text  # the heading
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.FILE_DOWNLOAD, student=case, actor=centre_head
    ).exists()
    assert client.get(pdf_url, {"language": "ru"}).status_code == 409  # not half Kazakh

    prefix = f"text-documents-disclosure-{disclosure.pk}-"
    client.post(
        texts_url,
        {
            f"{prefix}recipient": RECIPIENT_RU,
            f"{prefix}legal_basis": "Запрос следователя № 12-34/5678",
            f"{prefix}what": "Копия заключения центра",
        },
    )
    text = _flat(pdf_text(pdf_of(client.get(pdf_url, {"language": "ru"}))))
    assert RECIPIENT_RU in text and "Акт о передаче персональных данных".upper() in text
    assert RECIPIENT_KK not in text
    assert (
        f"{pdf_url}?language=ru" in client.get(reverse("students:disclosure-list")).content.decode()
    )

    # The specialist on the case does not download it (the register is the head's).
    client.force_login(specialist)
    assert client.get(pdf_url, {"language": "kk"}).status_code == 404
    assert client.get(texts_url).status_code in (403, 404)


def test_a_disclosure_enters_the_case_file(centre_head, case):
    from documents.privacy import disclosure_record
    from routes.casefile import case_items

    disclosure_record(
        student=case,
        actor=centre_head,
        data={
            "recipient": RECIPIENT_KK,
            "legal_basis": "Сот шешімі",
            "what": "Қорытынды",
            "disclosed_on": datetime.date(2026, 9, 3),
        },
    )
    [item] = [i for i in case_items(case) if i.kind == "disclosure"]
    assert RECIPIENT_KK in str(item.title)


def test_the_register_of_disclosures_costs_the_same_at_any_size(pages, centre_head, case):
    from documents.privacy import disclosure_record

    def disclose(number):
        disclosure_record(
            student=case,
            actor=centre_head,
            data={
                "recipient": f"Алушы {number}",
                "legal_basis": "Сұрау",
                "what": "Қорытынды",
                "disclosed_on": datetime.date(2026, 9, 3),
            },
        )

    disclose(0)
    pages(reverse("students:disclosure-list"), 12, who=centre_head)
    for number in range(1, 8):
        disclose(number)
    pages(reverse("students:disclosure-list"), 12, who=centre_head)
