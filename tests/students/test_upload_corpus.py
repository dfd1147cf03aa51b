"""Supporting documents as people really make them, each by the tool named: Chromium's
"print to PDF", Ghostscript's ps2pdf, img2pdf from a phone photo, a PDF edited with an
incremental update, a WeasyPrint form. All are accepted. The same files made hostile (a
JavaScript open action, a page's automatic action, a Launch action, JavaScript behind an
escaped name in an appended update, an embedded file) are refused with the reason in the
user's language, and nothing is stored.

Active content is found by parsing the PDF (students/uploads.py), never by searching its
bytes: Chromium names its embedded fonts `AAAAAA+…`, which a byte search took for /AA."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from students.models import Application, ApplicationAttachment
from students.uploads import check_uploads
from tests.helpers import application_form
from tests.hostile_pdfs import AMBIGUOUS, ambiguous_pdf

URL = reverse("students:application-create")
TEXT = "Медициналық-әлеуметтік сараптама қорытындысы. Заключение МСЭ. Ғ Қ Ң Ө Ұ Ү Һ І Ә"


# --- benign files, each from the tool people use ----------------------------------


@pytest.fixture(scope="module")
def chromium_pdf(browser_type_launch_args) -> bytes:
    """What "Print → Save as PDF" in Chrome, Chromium or Edge writes. Chromium is
    started here rather than through pytest-playwright's `browser`, whose per-browser
    parameter would make pytest regroup these tests with the live-server ones."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_type_launch_args)
        page = browser.new_page()
        page.set_content(
            f"<html lang='kk'><body><h1>Анықтама</h1><p>{TEXT}</p>"
            "<p><a href='https://eagi.kz'>eagi.kz</a></p></body></html>"
        )
        data = page.pdf(format="A4")
        browser.close()
    # Subset fonts, named as Chromium names them (`AAAAAA+…`): the bytes that a search
    # for /AA once took for an automatic action.
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
    assert any(re.fullmatch(r"/[A-Z]{6}\+\S+", name) for name in fonts), fonts
    return data


@pytest.fixture(scope="module")
def ghostscript_pdf(tmp_path_factory) -> bytes:
    if shutil.which("ps2pdf") is None:
        pytest.fail("ps2pdf is missing: scripts/test.sh installs ghostscript")
    folder = tmp_path_factory.mktemp("gs")
    (folder / "scan.ps").write_text(
        "%!PS\n/Helvetica findfont 14 scalefont setfont\n"
        "72 720 moveto (Certificate of the medical-social expertise) show\n"
        "72 700 moveto (No. 0451, 12.09.2026) show\nshowpage\n"
    )
    subprocess.run(  # noqa: S603, S607 - Ghostscript, as a scanner's software uses it
        ["ps2pdf", "scan.ps", "scan.pdf"], cwd=folder, check=True, capture_output=True
    )
    return (folder / "scan.pdf").read_bytes()


def phone_photo() -> bytes:
    """A 12-megapixel JPEG with a camera's EXIF, as a phone takes a certificate."""
    image = Image.radial_gradient("L").resize((4032, 3024)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # Make
    exif[0x0110] = "SM-A546B"  # Model
    exif[0x0112] = 6  # Orientation: rotated, as a phone held upright writes it
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88, exif=exif)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def img2pdf_pdf() -> bytes:
    import img2pdf

    return img2pdf.convert(phone_photo())


@pytest.fixture(scope="module")
def weasyprint_pdf() -> bytes:
    from documents.rendering import html_to_pdf

    data, _warnings = html_to_pdf(f"<html lang='kk'><body><p>{TEXT}</p></body></html>")
    return data


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def incremental_update(data: bytes) -> bytes:
    """The file with an update appended (as an editor that annotates or signs does):
    a text note on the first page, written by pypdf's incremental writer."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    writer.add_metadata({"/Title": "Анықтама"})
    page = writer.pages[0]
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 50, 70, 70)]),
            NameObject("/Contents"): TextStringObject("Көшірме дұрыс"),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    updated = _write(writer)
    assert updated.startswith(data)  # appended, the original bytes untouched
    return updated


# --- the same files made hostile -----------------------------------------------------


def _javascript(code: str = "app.alert('hi');") -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def with_open_action_script(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer._root_object[NameObject("/OpenAction")] = _javascript()
    return _write(writer)


def with_page_automatic_action(data: bytes) -> bytes:
    """The page calls a web address by itself when it is shown."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    uri = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("http://x.test"),
        }
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): uri})
    return _write(writer)


def with_launch_link(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, 0, 600, 800)]),
            NameObject("/A"): launch,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _write(writer)


def with_escaped_javascript_update(data: bytes) -> bytes:
    """An update appended by hand that replaces the catalogue with one whose open
    action is `/J#61vaScript` — the name /JavaScript, written so a byte search misses it."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer.raw_get("/Root")
    pages = reader.trailer["/Root"].raw_get("/Pages")
    size = int(reader.trailer["/Size"])
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    body = (
        b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R "
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>\nendobj\n"
    ) % (root.idnum, pages.idnum)
    offset = len(data) + 1
    update = b"\n" + body
    xref = len(data) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (root.idnum, offset)
    update += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        root.idnum,
        previous,
        xref,
    )
    hostile = data + update
    assert b"/JavaScript" not in hostile and b"/JS " not in hostile
    return hostile


def with_embedded_file(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 an executable")
    return _write(writer)


HOSTILE = {
    "open-action-script": (with_open_action_script, "содержит скрипт (JavaScript)"),
    "page-automatic-action": (with_page_automatic_action, "запускается само при открытии"),
    "launch-action": (with_launch_link, "открывает программу, другой файл или веб-форму"),
    "escaped-name-script": (with_escaped_javascript_update, "содержит скрипт (JavaScript)"),
    "embedded-file": (with_embedded_file, "встроены другие файлы"),
}


# --- the checks ----------------------------------------------------------------------


@pytest.fixture
def corpus(chromium_pdf, ghostscript_pdf, img2pdf_pdf, weasyprint_pdf):
    return {
        "chromium print to PDF": chromium_pdf,
        "ghostscript ps2pdf": ghostscript_pdf,
        "img2pdf phone photo": img2pdf_pdf,
        "incremental update": incremental_update(chromium_pdf),
        "weasyprint form": weasyprint_pdf,
    }


def _form(case, upload):
    return application_form(
        case,
        difficulties="Кішкентай қаріпті оқи алмаймын.",
        conditions_requested="Ірі қаріпті материалдар.",
        files_other=upload,
    )


@pytest.mark.browser
@pytest.mark.django_db
def test_pdfs_people_make_are_accepted(client, student, case, corpus):
    for name, data in corpus.items():
        [checked] = check_uploads([SimpleUploadedFile(f"{name}.pdf", data)])
        assert checked.content_type == "application/pdf", name
    # And through the application form, all five attached at once.
    client.force_login(student)
    uploads = [SimpleUploadedFile(f"{n}.pdf", d) for n, d in corpus.items()]
    response = client.post(URL, _form(case, uploads))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ApplicationAttachment.objects.count() == len(corpus)


@pytest.mark.browser
@pytest.mark.django_db
@pytest.mark.parametrize("kind", HOSTILE)
def test_active_content_is_refused_with_the_reason(client, student, case, chromium_pdf, kind):
    make, reason = HOSTILE[kind]
    hostile = make(chromium_pdf)
    student.language = "ru"
    student.save(update_fields=["language"])
    client.force_login(student)
    response = client.post(URL, _form(case, SimpleUploadedFile("справка.pdf", hostile)))
    body = response.content.decode()
    assert response.status_code == 200
    assert reason in body and 'id="id_files_other_error"' in body
    assert not Application.objects.exists() and not ApplicationAttachment.objects.exists()


@pytest.mark.parametrize("kind", HOSTILE)
def test_active_content_is_found_in_every_kind_of_file(
    kind, ghostscript_pdf, weasyprint_pdf, img2pdf_pdf
):
    make, _reason = HOSTILE[kind]
    for base in (ghostscript_pdf, weasyprint_pdf, img2pdf_pdf):
        with pytest.raises(ValidationError) as refused:
            check_uploads([SimpleUploadedFile("x.pdf", make(base))])
        assert refused.value.error_list[0].code.startswith("pdf_"), kind


# --- what two PDF readers read differently (#28, finding 3) ----------------------------


@pytest.mark.parametrize("kind", AMBIGUOUS)
def test_what_two_readers_would_read_differently_is_refused(kind):
    """pypdf kept the first of two keys, qpdf (the case file's merge) the last: each of
    these was accepted and then written into the case file as a plain Launch,
    SubmitForm or page-open action. The check now reads as the merge does and refuses
    what is ambiguous, whatever action it seems to be."""
    data = ambiguous_pdf(kind)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_uploads([SimpleUploadedFile("spravka.pdf", data)])
    assert refused.value.error_list[0].code == "pdf_ambiguous", kind
    assert "read it differently" in refused.value.error_list[0].message
