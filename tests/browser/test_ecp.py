"""#31 in real Chromium: the pages speak to NCALayer (here the stand-in of
tests/ncalayer.py: a WebSocket server over TLS on a loopback port that signs with the
test centre's PKCS#12 files) through the vendored ncalayer-js-client, and the server
checks what comes back against the test certification centre (tests/pki.py)."""

import re
import socket

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import EcpEvent
from tests.ncalayer import NCALayerStandIn

from .conftest import check

VICE_RECTOR_IIN = "780215400125"


@pytest.fixture(scope="session")
def ncalayer_stand_in(tmp_path_factory):
    stand_in = NCALayerStandIn(tmp_path_factory.mktemp("ncalayer"))
    yield stand_in
    stand_in.close()


@pytest.fixture
def ncalayer(ncalayer_stand_in, nca, settings):
    settings.NCALAYER_URL = ncalayer_stand_in.url
    ncalayer_stand_in.key = None
    ncalayer_stand_in.requests.clear()
    return ncalayer_stand_in


@pytest.fixture
def browser_context_args(browser_context_args):
    # NCALayer's certificate for 127.0.0.1 is its own, trusted on a person's computer
    # when NCALayer is installed; the test browser is told to accept the stand-in's.
    return {**browser_context_args, "ignore_https_errors": True, "locale": "kk"}


@pytest.fixture
def vice_rector(management):
    management.iin = VICE_RECTOR_IIN
    management.save(update_fields=["iin"])
    return management


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_vice_rector_signs_in_with_ecp(page, live_server, vice_rector, ncalayer, nca):
    ncalayer.key = nca.issue("vr-auth", iin=VICE_RECTOR_IIN, surname="ОМАРОВА",
                             given_name="ГҮЛНАР", patronymic="СЕРІКҚЫЗЫ")  # fmt: skip
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("main a[href^='/accounts/ecp/']")
    expect(page.locator("main h1")).to_have_text("ЭЦҚ-мен кіру")
    button = page.locator("main button[data-ecp-start]")
    expect(button).to_be_enabled()
    check(page, "ecp-sign-in")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/(#main)?$"))
    # No TOTP step: the key and its password were both factors.
    expect(page.locator("main")).not_to_contain_text("аутентификатор")
    asked = ncalayer.requests[-1]
    assert asked["module"] == "kz.gov.pki.knca.basics" and asked["args"]["format"] == "cms"
    # The authentication keys only: NCALayer lists the keys with client authentication.
    assert asked["args"]["signerParams"]["extKeyUsageOids"] == ["1.3.6.1.5.5.7.3.2"]
    assert EcpEvent.objects.get(outcome="accepted").user == vice_rector


def test_ncalayer_not_running_is_said_with_a_way_out(page, live_server, settings, ncalayer):
    settings.NCALAYER_URL = f"wss://127.0.0.1:{_free_port()}"
    page.goto(f"{live_server.url}/accounts/ecp/")
    page.click("main button[data-ecp-start]")
    missing = page.locator("#ecp-missing")
    expect(missing).to_be_visible()
    expect(missing).to_be_focused()
    expect(missing.locator("a[href='https://pki.gov.kz/ncalayer/']")).to_be_visible()
    expect(missing.locator("a[href='/accounts/login/']")).to_be_visible()
    check(page, "ecp-ncalayer-missing")


def test_a_revoked_key_and_a_cancel_are_said_in_the_users_language(
    page, live_server, vice_rector, ncalayer, nca
):
    page.goto(f"{live_server.url}/accounts/ecp/")
    page.click("main button[data-ecp-start]")  # no key chosen: Cancel in NCALayer
    expect(page.locator("#ecp-status")).to_have_text(
        "NCALayer-де қол қою тоқтатылды. Қайталап көруге болады."
    )
    ncalayer.key = nca.issue("vr-revoked", iin=VICE_RECTOR_IIN, surname="ОМАРОВА",
                             given_name="ГҮЛНАР", revoked=True)  # fmt: skip
    page.click("main button[data-ecp-start]")
    expect(page.locator("#ecp-error")).to_contain_text("кері қайтарып алынған")
    expect(page).to_have_url(re.compile("/accounts/ecp/$"))
    check(page, "ecp-refused")


def test_the_vice_rector_signs_in_and_approves_a_route_by_signing_it(
    page, live_server, ncalayer, nca, browser
):
    """The issue's whole path: ЭЦП sign-in, approval required to be signed, the signing
    page, the PDF downloaded and both signatures (the person's, the seal) validated
    with pyHanko against the test roots, the public page listing the signature."""
    import io

    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from documents.models import Institution, PersonSignature
    from documents.seal import _outside_event_loop, check_seal
    from eagi_inclusion.roles import Role
    from routes import services
    from routes.models import Route
    from students.services import case_assign
    from tests import factories as f

    institution = Institution.current()
    institution.ecp_policy = {"route_approve": "required"}
    institution.bin = "990340001234"
    institution.save()
    period = f.AcademicPeriodFactory()
    head = f.UserFactory(username="head-ecp", role=Role.CENTRE_HEAD)
    spec = f.UserFactory(username="spec-ecp", role=Role.SPECIALIST)
    rector = f.UserFactory(username="rector-ecp", role=Role.MANAGEMENT, position="Проректор",
                           iin=VICE_RECTOR_IIN, language="kk")  # fmt: skip
    record = f.StudentFactory(user=f.UserFactory(username="pupil-ecp", role=Role.STUDENT))
    teaching = f.CourseAssignmentFactory(group=record.study_group, period=period)
    case_assign(student=record, specialist=spec, actor=head)
    route = services.route_create(student=record, period=period, actor=spec)
    services.route_send_for_agreement(route=route, actor=spec)
    services.section_agree(section=route.sections.get(), actor=teaching.teacher)

    ncalayer.key = nca.issue("vr-auth-2", iin=VICE_RECTOR_IIN, surname="ОМАРОВА",
                             given_name="ГҮЛНАР", patronymic="СЕРІКҚЫЗЫ")  # fmt: skip
    page.goto(f"{live_server.url}/accounts/ecp/")
    page.click("main button[data-ecp-start]")
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/(#main)?$"))

    page.goto(f"{live_server.url}{route.get_absolute_url()}")
    page.click("a[href$='/do/approve/']")
    # Approval must be signed here: the one button is the ЭЦП one.
    page.fill("#id_comment", "Бекітемін")
    page.click("main form button[formaction]")
    expect(page.locator("main h1")).to_have_text("Маршрутты ЭЦҚ-мен бекіту")
    check(page, "ecp-approve-sign")
    ncalayer.key = nca.issue("vr-sign-2", iin=VICE_RECTOR_IIN, surname="ОМАРОВА",
                             given_name="ГҮЛНАР", patronymic="СЕРІКҚЫЗЫ", purpose="sign",
                             bin="990340001234", organisation="ЕАГИ")  # fmt: skip
    page.click("main button[data-ecp-start]")
    expect(page.locator(".message--success")).to_be_visible()
    assert ncalayer.requests[-1]["args"]["signingParams"]["digested"] is True
    route = Route.objects.get(pk=route.pk)
    assert route.status == "active" and route.approved_by == rector
    check(page, "ecp-route-approved")

    response = page.request.get(f"{live_server.url}/routes/{route.pk}/pdf/")
    data = response.body()
    assert response.ok and data.startswith(b"%PDF")
    roots = [
        x509.Certificate.load(d) for _t, _h, d in pem.unarmor(nca.roots_pem.read_bytes(), True)
    ]
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert [s.field_name for s in signatures] == ["Approval", "InstitutionSeal"]
    context = ValidationContext(trust_roots=roots[:1], other_certs=roots[1:], allow_fetching=True)
    # pyHanko runs a loop of its own: in a thread, beside Playwright's.
    person = _outside_event_loop(
        lambda: validate_pdf_signature(signatures[0], signer_validation_context=context)
    )
    assert person.bottom_line and person.timestamp_validity.trusted
    assert person.signing_cert.subject.native["serial_number"] == f"IIN{VICE_RECTOR_IIN}"
    assert check_seal(data).valid

    signature = PersonSignature.objects.get()
    public = browser.new_page(locale="kk")
    public.goto(f"{live_server.url}/documents/verify/{route.register_entry.verification_code}/")
    expect(public.locator("main")).to_contain_text("ОМАРОВА Г. С.")
    expect(public.locator("main")).to_contain_text(
        timezone.localtime(signature.signed_at).strftime("%d.%m.%Y")  # the Institute's day
    )
    assert VICE_RECTOR_IIN not in public.content()
    check(public, "ecp-verify-signature")
    public.close()
