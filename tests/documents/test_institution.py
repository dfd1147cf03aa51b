"""#18: the institution is data, not code: another Kazakh university runs the system
with its own record, without editing a template."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from documents.models import Institution, render_number, validate_logo
from routes.models import Route
from tests.helpers import apply_online
from tests.helpers import pdf_of as _pdf

from .conftest import case_file_download
from .pdf_layout import text_without_spaces


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (10, 60, 140)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def second_institution(db, private_media):
    institution = Institution.objects.get()
    for field, value in {
        "name_kk": "Қарағанды педагогикалық университеті",
        "name_ru": "Карагандинский педагогический университет",
        "name_en": "Karaganda Pedagogical University",
        "centre_kk": "Ерекше білім беру қажеттіліктері бөлімі",
        "centre_ru": "Отдел особых образовательных потребностей",
        "centre_en": "Special Educational Needs Office",
        "address_kk": "Қарағанды қ., Университет көшесі, 28",
        "address_ru": "г. Караганда, ул. Университетская, 28",
        "phone": "+7 7212 00 11 22",
        "email": "sen@kpu.example.kz",
        "bin": "990140001234",
        "register_patterns": {"route": "KPU-IOM-{year}-{sequence:05d}"},
        "signers": {"conclusion": {"kk": "Бөлім меңгерушісі", "ru": "Заведующий отделом"}},
    }.items():
        setattr(institution, field, value)
    institution.logo = SimpleUploadedFile("logo.png", _logo(), "image/png")
    institution.full_clean()
    institution.save()
    return institution


def test_forms_and_pages_read_the_institutions_record(
    client,
    centre_head,
    second_institution,
    documents,  # noqa: F811
):
    client.force_login(centre_head)  # the head may download every kind, disclosures too
    for kind, (url, _fields) in documents.items():
        for language, name, address in (
            ("kk", "Қарағандыпедагогикалықуниверситеті", "Қарағандық.,Университеткөшесі,28"),
            ("ru", "Карагандинскийпедагогическийуниверситет", "г.Караганда,ул.Университетская,28"),
        ):
            if kind == "case file":  # `url` is the case: queued, then downloaded
                data = case_file_download(client, url, language=language).data
            else:
                data = _pdf(client.get(url, {"language": language}))
            text = text_without_spaces(data)
            assert name in text and address in text and "990140001234" in text, (kind, language)
            assert "Кусаинов" not in text and "Құсайынов" not in text, (kind, language)
            if kind != "case file":
                with pikepdf.open(io.BytesIO(data)) as pdf:  # the logo is on the form
                    images = [
                        x
                        for page in pdf.pages[:1]
                        for x in page.Resources.get("/XObject", {}).values()
                        if x.get("/Subtype") == "/Image"
                    ]
                    assert images, (kind, language)
            if kind == "conclusion":
                position = {"kk": "Бөліммеңгерушісі", "ru": "Заведующийотделом"}[language]
                assert position in text
    # The route was registered under this institution's pattern.
    assert Route.objects.get().register_entry.number.startswith("KPU-IOM-")
    page = client.get(reverse("home")).content.decode()
    assert "Ерекше білім беру қажеттіліктері бөлімі" in page


def test_the_consent_names_the_institution(student, case, second_institution):
    application = apply_online(student, case, texts=("Қиындық", "Шарт"), scans=0)
    assert application.consent.operator.startswith("Қарағанды педагогикалық университеті")


def test_a_broken_register_pattern_is_refused(db):
    institution = Institution.objects.get()
    for patterns in (
        {"route": "ЖББМ-{year}"},  # no sequence: numbers would repeat
        {"route": "X-{sequence}", "letter": "X-{sequence}"},  # two types, one pattern
        {"nonsense": "X-{sequence}"},
        {"route": "X-{sequense}"},
        # #28, finding 7: format() looked up attributes and padded to any width.
        {"route": "{sequence.__class__.__init__.__globals__}"},
        {"route": "X-{sequence:>5000}"},
        {"route": "X-{sequence!r}"},
        {"route": "{year}-" + "Ж" * 30 + "-{sequence:09d}"},  # over the 40-character column
    ):
        institution.register_patterns = patterns
        with pytest.raises(ValidationError) as error:
            institution.full_clean()
        assert "register_patterns" in error.value.message_dict


def test_a_pattern_stored_before_the_check_is_passed_over(db, specialist, case):
    from django.core.cache import cache
    from django.db import transaction

    from documents.register import register_document

    Institution.objects.update(
        register_patterns={"route": "{sequence.__class__.__init__.__globals__}"}
    )
    cache.delete(Institution.CACHE_KEY)
    with transaction.atomic():
        entry = register_document(doc_type="route", student=case, author=specialist, language="kk")
    assert entry.number.startswith("ЖББМ-")  # the default pattern, not a server error
    assert render_number("A-{year}/{sequence:04d}", year=2026, sequence=7) == "A-2026/0007"


def test_the_logo_is_checked_by_its_content_not_its_name(db, private_media):
    """#28, finding 11: an SVG named .png was drawn on every form."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    svg = SimpleUploadedFile("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    with pytest.raises(ValidationError):
        validate_logo(svg)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format="PNG")
    validate_logo(SimpleUploadedFile("logo.png", buffer.getvalue()))
    jpeg_named_png = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(jpeg_named_png, format="JPEG")
    validate_logo(SimpleUploadedFile("logo.png", jpeg_named_png.getvalue()))  # by content
    institution = Institution.objects.get()
    institution.logo.save("logo.png", svg, save=True)  # stored before the check
    assert institution.logo_data_uri() == ""


def test_the_administrator_edits_the_record_in_the_admin(client, administrator):
    client.force_login(administrator)
    institution = Institution.objects.get()
    url = reverse("admin:documents_institution_change", args=[institution.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        field: getattr(institution, field)
        for field in (
            "name_kk", "name_ru", "name_en", "centre_kk", "centre_ru", "centre_en",
            "address_kk", "address_ru", "address_en", "phone", "email", "website", "bin",
        )
    }  # fmt: skip
    data.update(register_patterns="{}", signers="{}", centre_kk="Инклюзия орталығы")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # Every page reads the record anew: the header names the centre as now written.
    assert "Инклюзия орталығы" in client.get(reverse("home")).content.decode()
    data["bin"] = "12345"
    refused = client.post(url, data)
    assert refused.status_code == 200 and "12 цифр" in refused.content.decode()
    assert Institution.objects.get().bin == ""
