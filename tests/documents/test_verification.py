"""#18: anyone holding an issued form can check it, without signing in; a withdrawn or
replaced document says so on the page and on every later download."""

import hashlib
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime
from pypdf import PdfReader

from documents.models import IssuedFile, RegisterEntry, StampedCopy
from routes import services
from routes.models import TeacherLetter
from students.applications import application_withdraw
from tests.helpers import apply_online as _apply
from tests.helpers import pdf_of as _pdf
from tests.helpers import pdf_text

from .conftest import verify_post


def test_an_anonymous_visitor_verifies_a_downloaded_form(
    client, specialist, approved_in_both, case
):
    approved = approved_in_both
    client.force_login(specialist)
    data = _pdf(client.get(reverse("routes:route-pdf", args=[approved.pk]), {"language": "ru"}))
    entry = approved.register_entry
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = anonymous.get(reverse("documents:verify", args=[entry.verification_code.lower()]))
    assert page.status_code == 200
    body = page.content.decode()
    assert entry.number in body and f"{localtime(entry.registered_at):%d.%m.%Y}" in body
    # Minimal: no person's name, no content, no list of checksums.
    for private in (case.full_name, specialist.get_full_name(), approved.special_conditions[:20]):
        assert private not in body
    assert hashlib.sha256(data).hexdigest() not in body

    assert "exactly the document as issued" in verify_post(
        anonymous, entry.verification_code, pdf=data
    )
    pasted = verify_post(
        anonymous, entry.verification_code, sha256=hashlib.sha256(data).hexdigest()
    )
    assert "exactly the document as issued" in pasted
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    assert "differs from every file issued" in verify_post(
        anonymous, entry.verification_code, pdf=bytes(changed)
    )
    error = verify_post(anonymous, entry.verification_code, sha256="not a checksum")
    assert "64 characters" in error and 'id="id_sha256_error"' in error
    empty = verify_post(anonymous, entry.verification_code)
    assert 'id="id_pdf_error"' in empty


def test_unknown_codes_and_the_typed_code_page(db):
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    missing = anonymous.get(reverse("documents:verify", args=["XXXXXXXXXX"]))
    assert missing.status_code == 404 and "may not be genuine" in missing.content.decode()
    start = anonymous.get(reverse("documents:verify-start"))
    assert start.status_code == 200 and 'name="code"' in start.content.decode()
    typed = anonymous.get(reverse("documents:verify-start"), {"code": " abcdefghjk "})
    assert typed.status_code == 302
    assert typed["Location"] == reverse("documents:verify", args=["ABCDEFGHJK"])


def test_the_teacher_holding_the_letter_and_staff(client, teacher, specialist, approved):
    """A teacher was answered 403 for the code printed on their own letter."""
    letter = TeacherLetter.objects.get(section__route=approved)
    code = letter.register_entry.verification_code
    client.force_login(teacher)
    page = client.get(reverse("documents:verify", args=[code]))
    assert page.status_code == 200 and letter.register_entry.number in page.content.decode()
    # Staff who handle documents see the checksums of every issued file as well.
    client.force_login(specialist)
    data = _pdf(client.get(reverse("routes:letter-pdf", args=[letter.pk])))
    page = client.get(reverse("documents:verify", args=[code])).content.decode()
    assert hashlib.sha256(data).hexdigest() in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert letter.register_entry.author.get_full_name() not in main


def test_a_withdrawn_application_says_so_everywhere(client, student, case, settings):
    application = _apply(student, case, texts=("Қиындықтар", "Шарттар"), language="ru", scans=0)
    client.force_login(student)
    url = reverse("students:application-pdf", args=[application.pk])
    original = _pdf(client.get(url))
    assert "НЕ ДЕЙСТВУЕТ" not in pdf_text(original)
    application_withdraw(application=application, actor=student)
    entry = RegisterEntry.objects.get(pk=application.register_entry_id)
    assert entry.status == RegisterEntry.Status.WITHDRAWN and entry.status_changed_at

    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("documents:verify", args=[entry.verification_code])
    )
    assert "This document was withdrawn" in page.content.decode()
    # Every later download carries the status; the stored original is unchanged.
    later = _pdf(client.get(url))
    text = pdf_text(later)
    assert "НЕ ДЕЙСТВУЕТ: отозвано" in text
    assert entry.number in text
    # The stamped copy is made once and stored: every later download is the same file,
    # and its file or pasted checksum is recognised as this entry's (#28, finding 2).
    assert _pdf(client.get(url)) == later
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = verify_post(anonymous, entry.verification_code, pdf=later)
    assert "exactly the copy of this document given out after it stopped" in page
    pasted = verify_post(
        anonymous, entry.verification_code, sha256=hashlib.sha256(later).hexdigest()
    )
    assert "exactly the copy of this document given out after it stopped" in pasted
    copy = StampedCopy.objects.get(issued_file__register_entry=entry)
    assert copy.sha256 == hashlib.sha256(later).hexdigest()
    stored = IssuedFile.objects.get(register_entry=entry, language="ru", variant="standard")
    with stored.file.open("rb") as handle:
        assert handle.read() == original
    assert hashlib.sha256(original).hexdigest() == stored.sha256


def test_a_replaced_route_names_its_successor(
    client, specialist, teacher, management, approved, case
):
    client.force_login(specialist)
    url = reverse("routes:route-pdf", args=[approved.pk])
    before = _pdf(client.get(url, {"language": "kk"}))
    successor = services.route_new_version(route=approved, actor=specialist)
    services.route_send_for_agreement(route=successor, actor=specialist)
    services.section_agree(section=successor.sections.get(), actor=teacher)
    services.route_approve(route=successor, actor=management)
    successor.refresh_from_db()
    old = RegisterEntry.objects.get(pk=approved.register_entry_id)
    assert old.status == RegisterEntry.Status.SUPERSEDED
    assert old.superseded_by_id == successor.register_entry_id
    old_letter = TeacherLetter.objects.get(section__route=approved).register_entry
    new_letter = TeacherLetter.objects.get(section__route=successor).register_entry
    assert old_letter.superseded_by_id == new_letter.pk

    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("documents:verify", args=[old.verification_code])
    )
    assert f"replaced by № {successor.register_entry.number}" in page.content.decode()
    later = pdf_text(_pdf(client.get(url, {"language": "kk"})))
    assert "ҚОЛДАНЫСТА ЕМЕС" in later and successor.register_entry.number in later
    for line in pdf_text(before).splitlines():  # the whole original is still there
        assert line in later


def test_verification_is_rate_limited_per_address(settings, approved):
    settings.VERIFY_RATE_LIMIT = 3
    code = approved.register_entry.verification_code
    anonymous = Client(REMOTE_ADDR="10.1.2.3", HTTP_ACCEPT_LANGUAGE="en")
    statuses = [
        anonymous.get(reverse("documents:verify", args=[code])).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    other = Client(REMOTE_ADDR="10.1.2.4")
    assert other.get(reverse("documents:verify", args=[code])).status_code == 200


@pytest.mark.parametrize("site_url", ["https://inclusion.eagi.kz"])
def test_the_printed_address_is_the_configured_site(
    client, specialist, approved, settings, site_url
):
    settings.SITE_URL = site_url
    client.force_login(specialist)
    data = _pdf(client.get(reverse("routes:route-pdf", args=[approved.pk]), {"variant": "large"}))
    text = "".join(pdf_text(data).split())
    assert f"{site_url}/documents/verify/{approved.register_entry.verification_code}/" in text


def test_a_sealed_file_carrying_the_code_is_not_vouched_for(
    client, student, case, specialist, approved
):
    """#28, finding 2: a parent typed a fake route text with the code of Әлия's real
    route into an application, downloaded its sealed PDF and dropped it on the route's
    verification page, which called it "a copy of this document" with a valid seal."""
    route_code = approved.register_entry.verification_code
    forged_text = f"ЖЕКЕ БІЛІМ БЕРУ МАРШРУТЫ. Тексеру коды: {route_code}"
    application = _apply(student, case, difficulties=forged_text, conditions_requested=forged_text)
    client.force_login(student)
    forged = _pdf(client.get(reverse("students:application-pdf", args=[application.pk])))
    assert route_code in "".join(pdf_text(forged).split())  # the code is in its text
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = verify_post(anonymous, route_code, pdf=forged)
    assert "differs from every file issued under this number" in page
    assert "exactly" not in page
    # Its own entry knows it, of course.
    own = verify_post(anonymous, application.register_entry.verification_code, pdf=forged)
    assert "exactly the document as issued" in own


def test_checking_a_large_upload_costs_one_hash_not_a_parse(approved, monkeypatch):
    """A 1,000-page PDF cost 24 s of CPU when its text was extracted: no parser runs."""
    import pypdf

    def refuse(*args, **kwargs):
        raise AssertionError("the public page parsed the upload")

    monkeypatch.setattr(pypdf.PdfReader, "__init__", refuse)
    pages = b"%PDF-1.7\n" + b"1 0 obj << /Type /Page >> endobj\n" * 150_000
    page = verify_post(
        Client(HTTP_ACCEPT_LANGUAGE="en"), approved.register_entry.verification_code, pdf=pages
    )
    assert "differs from every file issued" in page


def test_the_not_in_force_notice_is_tagged_text_that_covers_nothing(
    client, specialist, teacher, management, approved, tmp_path
):
    """#28, finding 14: the stamp was an untagged overlay (a screen reader never
    announced it) and, in large print, covered the institute's name and headings. Now
    it is real text in the form's language, in its structure, above the first page's
    content and in each page's header, at 16 pt or more in large print."""
    import subprocess

    from .pdf_layout import fit_problems, overlapping

    client.force_login(specialist)
    url = reverse("routes:route-pdf", args=[approved.pk])
    successor = services.route_new_version(route=approved, actor=specialist)
    services.route_send_for_agreement(route=successor, actor=specialist)
    services.section_agree(section=successor.sections.get(), actor=teacher)
    services.route_approve(route=successor, actor=management)
    data = _pdf(client.get(url, {"language": "kk", "variant": "large"}))
    assert overlapping(data) == []
    assert fit_problems(data, min_size=16) == []
    pages = PdfReader(io.BytesIO(data)).pages
    notice = "ҚОЛДАНЫСТА ЕМЕС"
    assert all(notice in page.extract_text() for page in pages)  # every page's header
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    tree = subprocess.run(  # noqa: S603, S607 - poppler: the tags a screen reader reads
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    # Tagged, as the first paragraph of the document, before the institute's heading.
    lines = tree.splitlines()
    assert lines[0] == "Document" and lines[1].strip() == "P (block)"
    first_text = next(line for line in lines if '"' in line)
    assert notice in first_text


def test_a_case_files_public_page_has_a_fixed_number_of_queries(pages, case, specialist):
    """The page of a case file's own code lists its documents in a fixed number of
    queries, however many it holds."""
    from documents.models import CaseFileCopy
    from documents.register import register_document

    copy = CaseFileCopy.objects.create(
        verification_code="CASEFILE23", student=case, made_by=specialist, language="kk",
        variant="standard", sha256="0" * 64, size=1,
    )  # fmt: skip

    def add(count):
        for _ in range(count):
            copy.entries.add(
                register_document(
                    doc_type="protocol", student=case, author=specialist, language="kk"
                )
            )

    url = reverse("documents:verify", args=[copy.verification_code])
    add(1)
    pages(url, 8)
    add(5)
    response = pages(url, 8)
    assert len(response.context["entries"]) == 6


def test_a_documents_public_page_lists_its_signatures_in_a_fixed_number_of_queries(
    pages, case, specialist
):
    """#31: the people's ЭЦП signatures on a document are listed with it, however many."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from documents.models import PersonSignature
    from documents.register import register_document

    with transaction.atomic():
        entry = register_document(doc_type="protocol", student=case, author=specialist,
                                  language="kk")  # fmt: skip

    def sign(count):
        for index in range(count):
            PersonSignature.objects.create(
                register_entry=entry, decision="section_agree", user=specialist,
                iin="870505300444", signer_name=f"НҰРҒАЛИЕВ{index} Е.",
                certificate_serial="1a", certificate_issuer="ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)",
                certificate=b"", signed_at=timezone.now() - datetime.timedelta(minutes=index),
            )  # fmt: skip

    url = reverse("documents:verify", args=[entry.verification_code])
    sign(1)
    pages(url, 8)
    sign(3)
    response = pages(url, 8)
    assert response.content.decode().count("НҰРҒАЛИЕВ") == 4
    assert "870505300444" not in response.content.decode()
