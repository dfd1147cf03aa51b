"""#18: the personal case file as one accessible document: tagged, in the language
asked for, a contents page whose page numbers and links lead to each document, one
bookmark per document under its type, opening with the bookmarks shown; the scans
among the supporting documents appended with bookmarks of their own."""

import io
import re

import img2pdf
import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from tests.helpers import application_form
from tests.hostile_pdfs import AMBIGUOUS, ambiguous_pdf

from .conftest import case_file_download
from .pdf_layout import fit_problems


def _photo_pdf(pages: int) -> bytes:
    """A phone photo of a paper, made into a PDF as people do (img2pdf)."""
    images = []
    for index in range(pages):
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 1600), (235 - index * 10, 230, 220)).save(
            buffer, format="JPEG", quality=80
        )
        images.append(buffer.getvalue())
    return img2pdf.convert(images)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (40, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def _apply_with_scans(client, student, case):
    client.force_login(student)
    response = client.post(
        reverse("students:application-create"),
        application_form(
            case,
            difficulties="Не вижу мелкий шрифт.",
            conditions_requested="Крупный шрифт.",
            document_language="ru",
            files_mse=SimpleUploadedFile("справка МСЭ.pdf", _photo_pdf(2), "application/pdf"),
            files_other=SimpleUploadedFile("фото.png", _png(), "image/png"),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _outline(reader):
    tree = []
    for item in reader.outline:
        if isinstance(item, list):
            tree[-1][2].extend(
                (child.title, reader.get_destination_page_number(child)) for child in item
            )
        else:
            tree.append((item.title, reader.get_destination_page_number(item), []))
    return tree


def test_the_case_file_is_one_tagged_document_with_contents_and_bookmarks(
    client, specialist, student, case, approved
):
    _apply_with_scans(client, student, case)
    client.force_login(specialist)
    response = case_file_download(client, case, language="ru")
    assert "-ru.pdf" in response["Content-Disposition"]
    data = response.data

    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "ru"
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.docinfo.Title).startswith("Личное дело")
        tags = set()

        def walk(element, depth=0):
            if depth > 60:
                return
            kids = element.get("/K")
            if kids is None:
                return
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    tags.add(str(kid.S))
                    walk(kid, depth + 1)

        walk(pdf.Root.StructTreeRoot)
        # Headings, tables and links of every document survive in one structure tree.
        assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Link"} <= tags, tags

    reader = PdfReader(io.BytesIO(data))
    tree = _outline(reader)
    groups = [title for title, _page, _children in tree]
    assert groups == [
        "Заявления",
        "Индивидуальные образовательные маршруты",
        "Письма-уведомления",
        "Подтверждающие документы",
    ]
    documents = [child for _t, _p, children in tree for child in children]
    # One bookmark per document (the image is not in the PDF): 4, not one per heading.
    assert len(documents) == 4, documents
    route_number = approved.register_entry.number
    route_page = next(page for title, page in documents if title.startswith(route_number))
    scan_page = next(page for title, page in documents if "справка МСЭ.pdf" in title)
    assert scan_page == len(reader.pages) - 2  # the two scanned pages come last

    contents = reader.pages[0].extract_text()
    # The contents names each document's page (1-based) and links to it.
    row = contents.split(route_number, 1)[1].split("Письма-уведомления")[0]
    assert row.split()[-1] == str(route_page + 1), row
    assert "фото.png" in contents and "изображение" in contents
    assert re.search(rf"справка МСЭ\.pdf\s*{scan_page + 1}\b", contents), contents
    named = reader.named_destinations
    targets = {
        reader.get_destination_page_number(named[str(annot.get_object()["/Dest"])])
        for annot in reader.pages[0]["/Annots"]
        if annot.get_object().get("/Subtype") == "/Link"
    }
    assert route_page in targets
    # Every page of the rendered part and the scans: "Страница X из N".
    footer = reader.pages[1].extract_text()
    assert f"из {len(reader.pages)}" in footer


def test_the_case_file_in_large_print_and_in_kazakh(client, specialist, case, approved):
    client.force_login(specialist)
    response = case_file_download(client, case, language="kk", variant="large")
    data = response.data
    assert "-kk-large.pdf" in response["Content-Disposition"]
    assert fit_problems(data, min_size=16) == []
    reader = PdfReader(io.BytesIO(data))
    assert [t for t, _p, _c in _outline(reader)] == [
        "Жеке білім беру маршруттары",
        "Хабарлама хаттар",
    ]
    assert "ЖЕКЕ ІС" in reader.pages[0].extract_text()


HOSTILE_SCAN = b"""%PDF-1.7
1 0 obj << /Type /Catalog /Pages 2 0 R
  /OpenAction << /S /GoTo /D [3 0 R /Fit] /S /Launch /F (calc.exe) >> >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]
  /AA << /O << /S /Launch /F (calc.exe) >> >> /Annots [4 0 R 5 0 R 6 0 R 8 0 R] >> endobj
4 0 obj << /Type /Annot /Subtype /Link /Rect [0 0 10 10]
  /A << /S /URI /URI (http://x.example) /S /Launch /F (calc.exe) >> >> endobj
5 0 obj << /Type /Annot /Subtype /Link /Rect [10 10 20 20] /A << /S 7 0 R /F (calc.exe) >> >>
endobj
6 0 obj << /Type /Annot /Subtype /Widget /Rect [20 20 30 30] /FT /Btn
  /A << /S /SubmitForm /F (http://x.example) /S /SubmitForm >> >> endobj
7 0 obj /Launch endobj
8 0 obj << /Type /Annot /Subtype /Link /Rect [30 30 40 40] /Dest [3 0 R /Fit] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


@pytest.mark.parametrize("kind", ["all-at-once", *AMBIGUOUS])
def test_the_case_file_carries_no_action_from_an_uploaded_scan(kind):
    """#28, finding 3: duplicate keys and indirect action types passed the upload check,
    and the merge (pikepdf) wrote them as plain Launch, SubmitForm and page-open actions
    into a file the server issues. Whatever a stored scan holds, the merged case file
    keeps no action and no annotation of it but a plain internal link."""
    from types import SimpleNamespace

    from routes.casefile import _finish

    # Stored before the upload check refused them: the merge alone must hold.
    scan = HOSTILE_SCAN if kind == "all-at-once" else ambiguous_pdf(kind)
    rendered = io.BytesIO()
    with pikepdf.new() as blank:
        blank.add_blank_page()
        blank.save(rendered)
    groups = [
        {
            "label": "Supporting documents",
            "kind": "attachment",
            "documents": [{"scan": scan, "item": SimpleNamespace(label="Scan"), "title": "x"}],
        }
    ]
    merged = _finish(rendered.getvalue(), groups)
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        assert len(pdf.pages) == 2
        appended = pdf.pages[1].obj
        assert "/AA" not in appended and "/OpenAction" not in pdf.Root
        for annotation in appended.get("/Annots", []):
            assert annotation.Subtype == pikepdf.Name.Link and "/A" not in annotation
            assert "/Dest" in annotation
        plain = io.BytesIO()
        pdf.save(plain, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    for action in (b"/Launch", b"/SubmitForm", b"/URI", b"calc.exe"):
        assert action not in plain.getvalue(), action


def test_the_case_file_is_sealed_with_a_code_of_its_own(
    client, specialist, teacher, management, case, approved
):
    """#28, finding 12: the case file had no seal and no verification code. Now it is
    sealed, its contents page prints a code whose public page lists the registered
    documents it holds (number, date, status; no names), and a document no longer in
    force is marked so in the contents."""
    import hashlib

    from django.test import Client

    from documents.models import CaseFileCopy
    from documents.seal import check_seal
    from routes import services

    successor = services.route_new_version(route=approved, actor=specialist)
    services.route_send_for_agreement(route=successor, actor=specialist)
    services.section_agree(section=successor.sections.get(), actor=teacher)
    services.route_approve(route=successor, actor=management)
    successor.refresh_from_db()
    old, new = approved.register_entry.number, successor.register_entry.number
    client.force_login(specialist)
    data = case_file_download(client, case, language="kk").data
    assert check_seal(data).valid
    copy = CaseFileCopy.objects.get()
    assert copy.sha256 == hashlib.sha256(data).hexdigest()
    assert {e.number for e in copy.entries.all()} >= {old, new}
    reader = PdfReader(io.BytesIO(data))
    contents = reader.pages[0].extract_text()
    assert copy.verification_code in contents
    # One code for the whole file, on its contents page: the documents in it are
    # verified by it, and print none of their own.
    rest = "".join(page.extract_text() for page in reader.pages[1:])
    assert copy.verification_code not in rest
    whole = contents + rest
    for entry in copy.entries.all():
        assert entry.verification_code and entry.verification_code not in whole
    replaced_row = contents.split(old, 1)[1].split("\n", 2)[:2]
    assert "ҚОЛДАНЫСТА ЕМЕС" in " ".join(replaced_row), replaced_row

    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("documents:verify", args=[copy.verification_code])
    page = anonymous.get(url).content.decode()
    assert "belongs to a personal case file" in page
    assert old in page and new in page and f"replaced by № {new}" in page
    assert case.last_name not in page and case.iin not in page
    upload = io.BytesIO(data)
    upload.name = "case-file.pdf"
    assert (
        "exactly the case file given out" in anonymous.post(url, {"pdf": upload}).content.decode()
    )
    pasted = anonymous.post(url, {"sha256": hashlib.sha256(data[:-1] + b" ").hexdigest()})
    assert "differs from the case file" in pasted.content.decode()
