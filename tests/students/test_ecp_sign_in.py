"""#31, 1: signing in with ЭЦП. NCALayer's part (signing the page's nonce with the
person's key) is done here by pyHanko with the same PKCS#12 files; the browser test
(tests/browser/test_ecp.py) drives it through a real NCALayer stand-in and Chromium.
Certificates come from a test certification centre with OCSP and CRLs on loopback."""

import base64
import re

import pytest
from django.urls import reverse

from documents.models import AccessEvent, EcpEvent
from tests import factories as f
from tests.pki import sign_cms

pytestmark = pytest.mark.django_db

VICE_RECTOR_IIN = "780215400125"


def _one_pass(where: str):
    """A check of the signature alone (the database under it is the same either way):
    it runs in one of scripts/test.sh's two passes, each pass meeting some refusals."""
    return pytest.mark.once("a signature check: one pass", run_in=where)


def _nonce(client) -> bytes:
    page = client.get(reverse("ecp-sign-in"))
    assert page.status_code == 200
    # Only NCALayer's address beyond the site's own (CSP connect-src).
    assert "connect-src 'self' wss://127.0.0.1:13579" in page["Content-Security-Policy"]
    return base64.b64decode(re.search(r'data-data="([^"]+)"', page.content.decode()).group(1))


def _sign_in(client, signature: str):
    return client.post(
        reverse("ecp-sign-in"), {"signature": signature, "next": "/"}, HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.fixture
def vice_rector(management):
    management.iin = VICE_RECTOR_IIN
    management.save(update_fields=["iin"])
    return management


@pytest.fixture
def vice_rector_key(nca):
    return nca.issue("vice-rector", iin=VICE_RECTOR_IIN, surname="ОМАРОВА",
                     given_name="ГҮЛНАР", patronymic="СЕРІКҚЫЗЫ")  # fmt: skip


def test_the_vice_rector_signs_in_with_ecp_and_no_code_is_asked(
    client, vice_rector, vice_rector_key
):
    response = _sign_in(client, sign_cms(vice_rector_key, _nonce(client)))
    assert response.status_code == 302 and response["Location"] == "/"
    # Staff need two factors; the key and its password are both.
    home = client.get("/")
    assert home.status_code == 200 and home.wsgi_request.user == vice_rector
    accepted = EcpEvent.objects.get()
    assert (accepted.outcome, accepted.iin, accepted.user) == ("accepted", VICE_RECTOR_IIN,
                                                               vice_rector)  # fmt: skip
    assert accepted.certificate_serial == vice_rector_key.serial_hex
    assert AccessEvent.objects.filter(actor=vice_rector, action="ecp.sign_in").exists()


def test_a_student_signs_in_by_the_iin_of_the_case(client, case, nca):
    key = nca.issue("student", iin=case.iin, surname="САРСЕНОВА", given_name="ЖАНАР")
    response = _sign_in(client, sign_cms(key, _nonce(client)))
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == case.user


def test_the_sign_in_page_offers_ecp_only_when_it_is_set_up(client, settings, nca_centre):
    settings.ECP_TRUST_ROOTS = []
    assert client.get(reverse("ecp-sign-in")).status_code == 404
    assert reverse("ecp-sign-in") not in client.get(reverse("login")).content.decode()
    settings.ECP_TRUST_ROOTS = [str(nca_centre.roots_pem)]
    assert reverse("ecp-sign-in") in client.get(reverse("login")).content.decode()


def _refused(client, signature, expected: str, reason: str):
    response = _sign_in(client, signature)
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page, page
    assert 'role="alert"' in page
    assert client.get("/").wsgi_request.user.is_anonymous
    assert EcpEvent.objects.filter(outcome="refused").latest("occurred_at").reason == reason


@pytest.mark.parametrize(
    ("options", "expected", "reason"),
    [
        pytest.param({"revoked": True}, "has been revoked", "revoked",
                     marks=_one_pass("postgresql")),
        pytest.param({"expired": True}, "not today", "expired", marks=_one_pass("sqlite")),
        pytest.param({"purpose": "sign"}, "not an authentication key", "key_usage",
                     marks=_one_pass("postgresql")),
    ],
)  # fmt: skip
def test_a_certificate_that_cannot_sign_in_is_refused_with_a_sentence(
    client, vice_rector, nca, options, expected, reason
):
    key = nca.issue(f"bad-{reason}", iin=VICE_RECTOR_IIN, surname="ОМАРОВА",
                    given_name="ГҮЛНАР", **options)  # fmt: skip
    _refused(client, sign_cms(key, _nonce(client)), expected, reason)


def test_another_persons_certificate_signs_no_one_in(client, vice_rector, nca):
    stranger = nca.issue("stranger", iin="900101300111", surname="БЕКОВ", given_name="АЛИ")
    _refused(client, sign_cms(stranger, _nonce(client)), "No active account", "no_account")
    assert EcpEvent.objects.get().iin == "900101300111"


def test_a_replayed_nonce_is_refused(client, vice_rector, vice_rector_key):
    signature = sign_cms(vice_rector_key, _nonce(client))
    assert _sign_in(client, signature).status_code == 302
    client.logout()
    _nonce(client)  # a fresh page: a new nonce, which the old signature does not cover
    _refused(client, signature, "does not match", "tampered")
    # Without a page at all, the session has no nonce to use.
    client.logout()
    _refused(client, signature, "expired or was already used", "nonce")


@_one_pass("postgresql")
def test_a_tampered_signature_is_refused(client, vice_rector, vice_rector_key):
    signature = base64.b64decode(sign_cms(vice_rector_key, _nonce(client)))
    at = len(signature) - 40  # inside the RSA signature value, at the end of the CMS
    tampered = signature[:at] + bytes([signature[at] ^ 1]) + signature[at + 1 :]
    _refused(client, base64.b64encode(tampered).decode(), "does not match", "tampered")
    _nonce(client)
    _refused(client, "not a signature", "could not be read", "malformed")


@_one_pass("sqlite")
def test_an_unreachable_ocsp_falls_back_to_the_crl_and_then_refuses(
    client, vice_rector, vice_rector_key, nca
):
    nca.ocsp_answers = False
    assert _sign_in(client, sign_cms(vice_rector_key, _nonce(client))).status_code == 302
    client.logout()
    nca.crl_answers = False
    _refused(client, sign_cms(vice_rector_key, _nonce(client)), "could not be checked",
             "status_unknown")  # fmt: skip


@_one_pass("postgresql")
def test_a_gost_key_is_named_and_refused(client, vice_rector, vice_rector_key):
    """No maintained Python library verifies GOST 34.10-2015: the key is recognised by
    its algorithm and refused with a sentence that names it."""
    from asn1crypto import cms, x509

    signed = cms.ContentInfo.load(base64.b64decode(sign_cms(vice_rector_key, _nonce(client))))
    certificates = signed["content"]["certificates"]
    for index, choice in enumerate(certificates):
        certificate = choice.chosen
        if certificate.serial_number == vice_rector_key.certificate.serial_number:
            tbs = certificate["tbs_certificate"].copy()
            tbs["subject_public_key_info"]["algorithm"]["algorithm"] = "1.2.398.3.10.1.1.2.3.1"
            gost = x509.Certificate(
                {
                    "tbs_certificate": tbs,
                    "signature_algorithm": certificate["signature_algorithm"],
                    "signature_value": certificate["signature_value"],
                }
            )
            certificates[index] = cms.CertificateChoices(name="certificate", value=gost)
    _refused(client, base64.b64encode(signed.dump(force=True)).decode(), "GOST 34.10-2015", "gost")


def test_ecp_sign_in_is_refused_for_an_inactive_account(client, vice_rector, vice_rector_key):
    vice_rector.is_active = False
    vice_rector.save(update_fields=["is_active"])
    _refused(client, sign_cms(vice_rector_key, _nonce(client)), "No active account", "no_account")


def test_two_accounts_with_one_iin_cannot_be_made(vice_rector):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        f.UserFactory(username="twin", iin=VICE_RECTOR_IIN)


@_one_pass("sqlite")
def test_the_served_ncalayer_client_is_the_pinned_package():
    """static/vendor holds ncalayer-js-client as npm published it, at the version
    tests/browser/package-lock.json pins (scripts/test.sh installs it): no CDN, no edits."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    installed = root / "tests/browser/node_modules/ncalayer-js-client"
    served = root / "static/vendor/ncalayer-js-client"
    lock = json.loads((root / "tests/browser/package-lock.json").read_text())
    version = lock["packages"]["node_modules/ncalayer-js-client"]["version"]
    assert json.loads((installed / "package.json").read_text())["version"] == version
    for name in ("ncalayer-client.js", "LICENSE"):
        assert (served / name).read_bytes() == (installed / name).read_bytes(), name


@_one_pass("sqlite")
def test_the_ocsp_address_can_be_overridden(client, settings, vice_rector, vice_rector_key, nca):
    """ECP_OCSP_URL sends every OCSP request to one address (a proxy): pointed at nothing,
    with the CRLs off too, the status cannot be checked; pointed at the responder, it is."""
    import socket

    nca.crl_answers = False
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.ECP_OCSP_URL = f"http://127.0.0.1:{probe.getsockname()[1]}/ocsp"
    _refused(client, sign_cms(vice_rector_key, _nonce(client)), "could not be checked",
             "status_unknown")  # fmt: skip
    settings.ECP_OCSP_URL = nca.ocsp_url
    assert _sign_in(client, sign_cms(vice_rector_key, _nonce(client))).status_code == 302


@_one_pass("postgresql")
def test_sign_in_attempts_are_limited_per_address(client, settings, vice_rector, nca):
    settings.ECP_SIGN_IN_RATE_LIMIT = 2
    for _attempt in range(2):
        _nonce(client)
        assert "Too many" not in _sign_in(client, "x").content.decode()
    _nonce(client)
    assert "Too many attempts" in _sign_in(client, "x").content.decode()
