"""#31, 2-4: the rector's office approves a route by signing its official form with
ЭЦП. The signature is NCALayer's part (here pyHanko with the test centre's PKCS#12,
over the digest the page hands it, as NCALayer's `digested` CMS); everything else is
the app: preparing the form with its future number, embedding, timestamping (the test
centre's TSA), checking, approving, sealing. The PDF is then validated as a PDF reader
would, with pyHanko and poppler's pdfsig."""

import base64
import io
import re
import subprocess

import pytest
from django.urls import reverse

from documents.models import EcpEvent, Institution, PersonSignature, RegisterEntry
from documents.seal import check_seal
from routes.models import RouteStatus
from tests.pki import sign_cms

from .conftest import to_approval

pytestmark = pytest.mark.django_db

IIN = "780215400125"


def _one_pass(where: str):
    """A refusal decided by the signature alone: one of the two passes (each pass meets
    some), as scripts/test.sh splits the browser tests."""
    return pytest.mark.once("a signature check: one pass", run_in=where)


BIN = "990340001234"


@pytest.fixture
def ready(draft, specialist, teacher, second_teacher, management_user, nca):
    institution = Institution.current()
    institution.ecp_policy = {"route_approve": "allowed"}
    institution.bin = BIN
    institution.save()
    management_user.iin = IIN
    management_user.language = "en"  # the sentences below are read in English
    management_user.save(update_fields=["iin", "language"])
    return to_approval(draft, specialist, teacher, second_teacher)


@pytest.fixture
def signing_key(nca):
    return nca.issue("vr-sign", iin=IIN, surname="ОМАРОВА", given_name="ГҮЛНАР",
                     patronymic="СЕРІКҚЫЗЫ", purpose="sign", bin=BIN,
                     organisation="ЕАГИ")  # fmt: skip


def _prepare(client, route) -> tuple[int, bytes]:
    page = client.post(
        reverse("routes:decision-sign", args=["route_approve", route.pk]),
        {"comment": "Келісілді"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200, page.content[:500]
    html = page.content.decode()
    assert "connect-src 'self' wss://127.0.0.1:13579" in page["Content-Security-Policy"]
    pk = int(re.search(r'name="request" value="(\d+)"', html).group(1))
    return pk, base64.b64decode(re.search(r'data-data="([^"]+)"', html).group(1))


def _complete(client, route, pk, signature):
    return client.post(
        reverse("routes:decision-sign", args=["route_approve", route.pk]),
        {"request": pk, "signature": signature},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _pdfsig(tmp_path, data: bytes) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603, S607
        ["pdfsig", str(path)], capture_output=True, text=True, check=False
    ).stdout


def _validate_person(data: bytes, nca):
    """The first signature of the file, checked with pyHanko against the test roots."""
    import asyncio

    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [
        x509.Certificate.load(d) for _t, _h, d in pem.unarmor(nca.roots_pem.read_bytes(), True)
    ]
    context = ValidationContext(trust_roots=roots[:1], other_certs=roots[1:], allow_fetching=True)
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    from documents.seal import _outside_event_loop

    return _outside_event_loop(
        lambda: asyncio.run(
            async_validate_pdf_signature(signature, signer_validation_context=context)
        )
    )


def test_the_vice_rector_approves_a_route_by_signing_it(
    client, ready, management_user, signing_key, nca, tmp_path
):
    client.force_login(management_user)
    confirm = client.get(reverse("routes:route-transition", args=[ready.pk, "approve"]))
    assert (
        reverse("routes:decision-sign", args=["route_approve", ready.pk])
        in confirm.content.decode()
    )
    pk, digest = _prepare(client, ready)
    ready.refresh_from_db()
    assert ready.status == RouteStatus.APPROVAL and not RegisterEntry.objects.filter(
        doc_type="route"
    )
    # The person may read what they sign: the form with the number it will get.
    preview = client.get(reverse("routes:decision-sign-pdf", args=["route_approve", ready.pk, pk]))
    assert preview["Content-Type"] == "application/pdf"

    response = _complete(client, ready, pk, sign_cms(signing_key, digest, digested=True))
    assert response.status_code == 302, response.content[:2000]
    ready.refresh_from_db()
    assert ready.status == RouteStatus.ACTIVE and ready.approved_by == management_user
    entry = ready.register_entry
    signature = PersonSignature.objects.get(register_entry=entry)
    assert (signature.iin, signature.signer_name, signature.organisation_bin) == (
        IIN, "ОМАРОВА Г. С.", BIN)  # fmt: skip
    assert signature.certificate_serial == signing_key.serial_hex
    assert signature.ocsp_response  # the OCSP answer that said the certificate was good

    # The issued form is the signed one: the person's signature, then the seal.
    data = client.get(reverse("routes:route-pdf", args=[ready.pk])).getvalue()
    assert data == signature.issued_file.file.open("rb").read()
    assert check_seal(data).valid  # the seal covers the whole file, signature and all
    person = _validate_person(data, nca)
    assert person.bottom_line and person.trusted and person.intact
    assert person.timestamp_validity is not None and person.timestamp_validity.trusted
    assert person.signing_cert.subject.native["serial_number"] == "IIN" + IIN
    report = _pdfsig(tmp_path, data)
    assert report.count("Signature is Valid.") == 2
    assert "Signer Certificate Common Name: ОМАРОВА ГҮЛНАР" in report

    # Anyone can check it: the public page lists the person's signature.
    from django.test import Client

    public = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("documents:verify", args=[entry.verification_code])
    )
    page = public.content.decode()
    assert "ОМАРОВА Г. С." in page and IIN not in page
    assert EcpEvent.objects.filter(purpose="sign", outcome="accepted", user=management_user)


def _refused(client, route, pk, signature, expected: str, reason: str):
    response = _complete(client, route, pk, signature)
    page = response.content.decode()
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert expected in page, page[:3000]
    route.refresh_from_db()
    assert route.status == RouteStatus.APPROVAL and route.register_entry_id is None
    assert not PersonSignature.objects.exists()
    assert EcpEvent.objects.filter(outcome="refused").latest("occurred_at").reason == reason


@pytest.mark.parametrize(
    ("options", "expected", "reason"),
    [
        pytest.param({"revoked": True}, "has been revoked", "revoked",
                     marks=_one_pass("postgresql")),
        pytest.param({"expired": True}, "not today", "expired", marks=_one_pass("sqlite")),
        pytest.param({"iin": "900101300111"}, "not yours", "other_person",
                     marks=_one_pass("postgresql")),
        pytest.param({"bin": "000740001111", "organisation": "БАСҚА"}, "another organisation",
                     "other_organisation", marks=_one_pass("sqlite")),
        pytest.param({"purpose": "auth"}, "not a signing key", "key_usage",
                     marks=_one_pass("postgresql")),
    ],
)  # fmt: skip
def test_a_signature_that_cannot_approve_leaves_the_route_as_it_was(
    client, ready, management_user, nca, options, expected, reason
):
    key = nca.issue(f"refused-{reason}", **{"iin": IIN, "surname": "ОМАРОВА", "given_name": "Г",
                                            "purpose": "sign", **options})  # fmt: skip
    client.force_login(management_user)
    pk, digest = _prepare(client, ready)
    _refused(client, ready, pk, sign_cms(key, digest, digested=True), expected, reason)


@_one_pass("sqlite")
def test_a_signature_of_another_document_is_refused(client, ready, management_user, signing_key):
    client.force_login(management_user)
    pk, _digest = _prepare(client, ready)
    other = sign_cms(signing_key, b"\x00" * 32, digested=True)
    _refused(client, ready, pk, other, "does not match", "tampered")


def test_the_register_moving_on_while_signing_refuses_and_keeps_numbers_gapless(
    client, ready, management_user, signing_key, centre_head
):
    from django.db import transaction

    from documents.register import register_document
    from routes.series import ROUTE

    client.force_login(management_user)
    pk, digest = _prepare(client, ready)
    with transaction.atomic():
        taken = register_document(doc_type=ROUTE, student=ready.student, author=centre_head,
                                  language="kk")  # fmt: skip
    _refused(client, ready, pk, sign_cms(signing_key, digest, digested=True),
             "Another document took the number", "register_moved")  # fmt: skip
    # Sign again: the new form carries the next number.
    pk, digest = _prepare(client, ready)
    assert (
        _complete(client, ready, pk, sign_cms(signing_key, digest, digested=True)).status_code
        == 302
    )
    ready.refresh_from_db()
    assert ready.register_entry.sequence == taken.sequence + 1


def test_a_request_is_used_once(client, ready, management_user, signing_key):
    client.force_login(management_user)
    pk, digest = _prepare(client, ready)
    signature = sign_cms(signing_key, digest, digested=True)
    assert _complete(client, ready, pk, signature).status_code == 302
    again = _complete(client, ready, pk, signature)
    assert again.status_code == 403  # the route is approved: nothing to approve twice
    assert PersonSignature.objects.count() == 1


def test_policy_required_refuses_a_click_and_click_hides_ecp(client, ready, management_user):
    client.force_login(management_user)
    institution = Institution.current()
    institution.ecp_policy = {"route_approve": "required"}
    institution.save()
    confirm = client.get(reverse("routes:route-transition", args=[ready.pk, "approve"]))
    form = re.search(r'<form method="post" class="form".*?</form>', confirm.content.decode(), re.S)
    assert form.group(0).count('type="submit"') == 1 and "formaction" in form.group(0)
    client.post(reverse("routes:route-transition", args=[ready.pk, "approve"]), {"comment": ""})
    ready.refresh_from_db()
    assert ready.status == RouteStatus.APPROVAL
    institution.ecp_policy = {}
    institution.save()
    html = client.get(
        reverse("routes:route-transition", args=[ready.pk, "approve"])
    ).content.decode()
    assert "formaction" not in html
    assert (
        client.post(reverse("routes:decision-sign", args=["route_approve", ready.pk])).status_code
        == 403
    )


@_one_pass("sqlite")
def test_the_policy_is_checked_when_the_administrator_saves_it():
    from django.core.exceptions import ValidationError

    from documents.models.institution import validate_ecp_policy

    validate_ecp_policy({"route_approve": "required"})
    for wrong in ({"route_aprove": "required"}, {"route_approve": "yes"}, ["route_approve"]):
        with pytest.raises(ValidationError):
            validate_ecp_policy(wrong)


HEAD_IIN = "800405400133"


def _conclusion(case, specialist):
    from routes import services

    return services.conclusion_save(student=case, actor=specialist, analysis="Талдау",
                                    adaptations=[])  # fmt: skip


def _protocol(case, specialist, chair):
    from routes import services
    from students.models import SupportMeasureType

    return services.protocol_create(
        student=case, actor=specialist,
        data={"date": "2026-09-15", "place": "214", "chair": chair, "agenda": "Маршрут",
              "decisions": "Келісуге жіберу"},
        attendees=[], measures=SupportMeasureType.objects.none(),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("key", "make", "status"),
    [
        ("conclusion_issue", lambda case, spec, head: _conclusion(case, spec), "issued"),
        ("protocol_sign", _protocol, "issued"),
    ],
)
def test_the_head_issues_a_conclusion_and_the_chair_signs_a_protocol_with_ecp(
    client, case, specialist, centre_head, nca, key, make, status
):
    """The same signing for every decision that registers a document (#31, 2)."""
    institution = Institution.current()
    institution.ecp_policy = {key: "required"}
    institution.save()
    centre_head.iin, centre_head.language = HEAD_IIN, "en"
    centre_head.save(update_fields=["iin", "language"])
    record = make(case, specialist, centre_head)
    model = type(record)
    client.force_login(centre_head)
    # Required: the click is refused, and the confirmation offers only signing.
    detail = record.get_absolute_url()
    confirm_url = reverse(
        "routes:conclusion-issue" if key == "conclusion_issue" else "routes:protocol-sign",
        args=[record.pk],
    )
    html = client.get(confirm_url).content.decode()
    assert reverse("routes:decision-sign", args=[key, record.pk]) in html
    client.post(confirm_url)
    assert model.objects.get(pk=record.pk).status == "draft"

    page = client.post(reverse("routes:decision-sign", args=[key, record.pk]), {})
    html = page.content.decode()
    pk = int(re.search(r'name="request" value="(\d+)"', html).group(1))
    digest = base64.b64decode(re.search(r'data-data="([^"]+)"', html).group(1))
    key_file = nca.issue(f"head-{key}", iin=HEAD_IIN, surname="ӘБІЛОВА", given_name="ДИНА",
                         patronymic="МАРАТҚЫЗЫ", purpose="sign")  # fmt: skip
    response = client.post(
        reverse("routes:decision-sign", args=[key, record.pk]),
        {"request": pk, "signature": sign_cms(key_file, digest, digested=True)},
    )
    assert response.status_code == 302 and response["Location"] == detail
    record = model.objects.get(pk=record.pk)
    assert record.status == status
    signature = PersonSignature.objects.get(register_entry=record.register_entry)
    assert signature.decision == key and signature.signer_name == "ӘБІЛОВА Д. М."
    issued = signature.issued_file.file.open("rb").read()
    assert check_seal(issued).valid and _validate_person(issued, nca).bottom_line


def test_the_student_acknowledges_the_approved_route_with_ecp(
    client, ready, management_user, case, nca
):
    """A countersignature (#31, 2): the student signs the route's issued form (the file
    the centre keeps, which never changes); the detached signature is kept beside it and
    listed on the public page. The student's IIN is the case's."""

    from routes import services

    ready = services.route_approve(route=ready, actor=management_user)
    institution = Institution.current()
    institution.ecp_policy = {"route_acknowledge": "required"}
    institution.save()
    student = case.user
    student.language = "en"
    student.save(update_fields=["language"])
    client.force_login(student)
    page = client.get(ready.get_absolute_url()).content.decode()
    assert reverse("routes:countersign", args=["route_acknowledge", ready.pk]) in page
    assert "I have read the route</button>" not in page  # required: signing only
    url = reverse("routes:countersign", args=["route_acknowledge", ready.pk])
    html = client.post(url).content.decode()
    digest = base64.b64decode(re.search(r'data-data="([^"]+)"', html).group(1))

    someone = nca.issue("not-the-student", iin="900101300111", surname="БЕКОВ", given_name="А",
                        purpose="sign")  # fmt: skip
    refused = client.post(url, {"signature": sign_cms(someone, digest, digested=True)})
    assert refused.status_code == 400 and "not yours" in refused.content.decode()
    assert not ready.decisions.filter(event="acknowledged").exists()

    key = nca.issue("student-sign", iin=case.iin, surname="САРСЕНОВА", given_name="ЖАНАР",
                    purpose="sign")  # fmt: skip
    assert client.post(url, {"signature": sign_cms(key, digest, digested=True)}).status_code == 302
    assert ready.decisions.filter(event="acknowledged", actor=student).exists()
    signature = PersonSignature.objects.get(decision="route_acknowledge")
    data = signature.issued_file.file.open("rb").read()
    import hashlib

    assert hashlib.sha256(data).digest() == digest and bytes(signature.cms)
    from django.test import Client

    public = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("documents:verify", args=[ready.register_entry.verification_code])
    )
    assert "САРСЕНОВА Ж." in public.content.decode() and case.iin not in public.content.decode()


def test_the_secretary_signs_the_protocol_the_chair_registered(
    client, case, specialist, centre_head, nca
):
    from routes import services

    protocol = _protocol(case, specialist, centre_head)
    protocol.secretary = specialist
    protocol.save(update_fields=["secretary"])
    services.protocol_sign(protocol=protocol, actor=centre_head)
    institution = Institution.current()
    institution.ecp_policy = {"protocol_countersign": "allowed"}
    institution.save()
    specialist.iin = "850101400222"
    specialist.save(update_fields=["iin"])
    client.force_login(specialist)
    url = reverse("routes:countersign", args=["protocol_countersign", protocol.pk])
    assert url in client.get(protocol.get_absolute_url()).content.decode()
    html = client.post(url).content.decode()
    digest = base64.b64decode(re.search(r'data-data="([^"]+)"', html).group(1))
    key = nca.issue("secretary", iin="850101400222", surname="ҚАСЫМОВА", given_name="АЙГҮЛ",
                    purpose="sign")  # fmt: skip
    assert client.post(url, {"signature": sign_cms(key, digest, digested=True)}).status_code == 302
    assert PersonSignature.objects.get(decision="protocol_countersign").signer_name == "ҚАСЫМОВА А."
    # Signed once: the button is gone, and the chair (not the secretary) may not sign here.
    assert url not in client.get(protocol.get_absolute_url()).content.decode()
    client.force_login(centre_head)
    assert client.post(url).status_code == 403


def test_a_teacher_agrees_the_section_with_ecp_and_the_approved_route_lists_it(
    client, draft, specialist, teacher, second_teacher, management_user, nca
):
    from django.test import Client

    from routes import services
    from routes.models import CourseAgreement

    from .conftest import section_of

    institution = Institution.current()
    institution.ecp_policy = {"section_agree": "allowed"}
    institution.save()
    services.route_send_for_agreement(route=draft, actor=specialist)
    teacher.iin, teacher.language = "870505300444", "en"
    teacher.save(update_fields=["iin", "language"])
    section = section_of(draft, teacher)
    client.force_login(teacher)
    confirm = client.get(reverse("routes:section-decide", args=[section.pk, "agree"]))
    url = reverse("routes:countersign", args=["section_agree", section.pk])
    assert url in confirm.content.decode()
    page = client.post(url, {"comment": "Келісемін"})
    html = page.content.decode()
    assert page.status_code == 200, (page.status_code, page.get("Location"), html[-3000:])
    digest = base64.b64decode(re.search(r'data-data="([^"]+)"', html).group(1))
    key = nca.issue("teacher", iin="870505300444", surname="НҰРҒАЛИЕВ", given_name="ЕРЛАН",
                    purpose="sign")  # fmt: skip
    response = client.post(
        url, {"comment": "Келісемін", "signature": sign_cms(key, digest, digested=True)}
    )
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    agreement = CourseAgreement.objects.get(section=section)
    assert agreement.decision == "agreed" and agreement.comment == "Келісемін"
    signature = PersonSignature.objects.get(decision="section_agree")
    assert signature.register_entry is None and signature.object_id == str(agreement.pk)
    assert b'"course"' in bytes(signature.signed_data)

    services.section_agree(section=section_of(draft, second_teacher), actor=second_teacher)
    approved = services.route_approve(route=draft, actor=management_user)
    signature.refresh_from_db()
    assert signature.register_entry == approved.register_entry
    public = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("documents:verify", args=[approved.register_entry.verification_code])
    )
    assert "НҰРҒАЛИЕВ Е." in public.content.decode()
    assert "agreed (teacher of a course)" in public.content.decode().lower()


def test_destroying_a_case_takes_its_signatures_and_prepared_forms(
    client, draft, specialist, teacher, second_teacher, management_user, centre_head, nca
):
    """The signatures hold people's IINs and a prepared form holds the case's content:
    a case destroyed after its retention leaves none of them (and they do not block it)."""
    import datetime

    from django.utils import timezone

    from documents.models import SignatureRequest
    from routes import services
    from students.disposal import case_dispose
    from students.models import Student
    from students.services import case_archive

    from .conftest import section_of

    institution = Institution.current()
    institution.ecp_policy = {"section_agree": "allowed", "route_approve": "allowed"}
    institution.save()
    services.route_send_for_agreement(route=draft, actor=specialist)
    teacher.iin = "870505300444"
    teacher.save(update_fields=["iin"])
    client.force_login(teacher)
    section = section_of(draft, teacher)
    url = reverse("routes:countersign", args=["section_agree", section.pk])
    digest = base64.b64decode(
        re.search(r'data-data="([^"]+)"', client.post(url).content.decode()).group(1)
    )
    key = nca.issue("teacher-d", iin="870505300444", surname="Н", given_name="Е", purpose="sign")
    assert client.post(url, {"signature": sign_cms(key, digest, digested=True)}).status_code == 302
    services.section_agree(section=section_of(draft, second_teacher), actor=second_teacher)
    management_user.iin = IIN
    management_user.save(update_fields=["iin"])
    client.force_login(management_user)
    _prepare(client, draft)  # prepared, never signed
    pk, digest = _prepare(client, draft)
    signing = nca.issue("vr-d", iin=IIN, surname="О", given_name="Г", purpose="sign")
    assert _complete(client, draft, pk, sign_cms(signing, digest, digested=True)).status_code == 302
    assert PersonSignature.objects.count() == 2 and SignatureRequest.objects.count() == 2

    case = draft.student
    case_archive(student=case, actor=centre_head, reason="graduated")
    Student.objects.filter(pk=case.pk).update(
        retention_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    act = case_dispose(student=Student.objects.get(pk=case.pk), actor=centre_head)
    assert act.destroyed["ecp_signatures"] == 2 and act.destroyed["signature_requests"] == 2
    assert not PersonSignature.objects.exists() and not SignatureRequest.objects.exists()
