"""#18: every issued PDF carries the institution's electronic seal (PAdES, pyHanko); a
PDF reader reports it valid, and invalid once one byte is changed."""

import io
import subprocess

import pikepdf
from django.test import Client
from django.urls import reverse

from documents.seal import check_seal
from tests.helpers import pdf_of as _pdf

from .conftest import verify_post


def _pdfsig(tmp_path, data: bytes) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(data)
    # poppler's pdfsig: what a PDF reader (Evince, Okular) shows of a signature.
    return subprocess.run(  # noqa: S603, S607
        ["pdfsig", str(path)], capture_output=True, text=True, check=False
    ).stdout


def test_the_seal_is_valid_and_one_changed_byte_breaks_it(
    client, specialist, approved_in_both, tmp_path
):
    approved = approved_in_both
    client.force_login(specialist)
    data = _pdf(client.get(reverse("routes:route-pdf", args=[approved.pk]), {"language": "ru"}))
    seal = check_seal(data)
    assert seal.valid and "(seal)" in seal.signer
    report = _pdfsig(tmp_path, data)
    assert "Signature is Valid." in report and "Total document signed" in report
    assert "ETSI.CAdES.detached" in report  # PAdES

    # One byte of the page content (a digit of the register number's "0001" is not
    # needed: any byte inside the signed range will do).
    changed = bytearray(data)
    position = data.index(b"stream", len(data) // 4) + 20
    changed[position] ^= 0x01
    assert not check_seal(bytes(changed)).valid
    assert "Digest Mismatch" in _pdfsig(tmp_path, bytes(changed))
    page = verify_post(Client(HTTP_ACCEPT_LANGUAGE="en"), approved.register_entry.verification_code,
                  pdf=bytes(changed))  # fmt: skip
    assert "differs from every file issued" in page
    page = verify_post(Client(HTTP_ACCEPT_LANGUAGE="en"), approved.register_entry.verification_code,
                  pdf=data)  # fmt: skip
    # The page vouches by checksum alone (#28): the file is the one issued, seal and all.
    assert "exactly the document as issued" in page


def test_sealing_keeps_the_tags_and_the_language(client, specialist, approved):
    client.force_login(specialist)
    data = _pdf(client.get(reverse("routes:route-pdf", args=[approved.pk]), {"language": "kk"}))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "kk"
        assert pdf.Root.MarkInfo.Marked


def test_a_pdf_without_the_institutions_seal_is_not_sealed(tmp_path):
    from documents.rendering import html_to_pdf

    unsigned, _ = html_to_pdf("<html lang='kk'><title>x</title><p>Жалған құжат</p></html>")
    assert not check_seal(unsigned).present
    assert "does not contain any signatures" in _pdfsig(tmp_path, unsigned)


def _ca_pem(p12_path, tmp_path) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    bundle = pkcs12.load_pkcs12(p12_path.read_bytes(), b"demo-seal")
    path = tmp_path / f"{p12_path.stem}-ca.pem"
    path.write_bytes(
        b"".join(c.certificate.public_bytes(Encoding.PEM) for c in bundle.additional_certs)
    )
    return str(path)


def test_a_seal_counts_only_when_it_chains_to_the_configured_roots(
    client, specialist, approved, settings, tmp_path, demo_seal
):
    from documents.seal import make_demo_seal

    client.force_login(specialist)
    data = _pdf(client.get(reverse("routes:route-pdf", args=[approved.pk])))
    settings.SEAL_TRUST_ROOTS = _ca_pem(demo_seal, tmp_path)
    assert check_seal(data).valid
    stranger = make_demo_seal(tmp_path / "stranger.p12", organisation="Another university")
    settings.SEAL_TRUST_ROOTS = _ca_pem(stranger, tmp_path)
    sealed = check_seal(data)
    assert sealed.intact and not sealed.trusted and not sealed.valid


def test_sealing_works_where_an_event_loop_is_running(tmp_path):
    """pyHanko runs asyncio.run inside; an ASGI server (or Playwright in the tests)
    already runs a loop in the thread: the seal is made all the same."""
    import asyncio

    from documents.rendering import html_to_pdf
    from documents.seal import seal_pdf

    unsigned, _ = html_to_pdf("<html lang='kk'><title>x</title><p>Құжат</p></html>")

    async def inside_a_loop():
        return seal_pdf(unsigned)

    # In a thread of its own, so that the test's own loop can start wherever it runs.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        sealed = pool.submit(asyncio.run, inside_a_loop()).result()
    assert check_seal(sealed).valid


def test_the_demo_seal_says_so_everywhere_and_fails_the_deployment_check(
    client, specialist, approved_in_both, settings, tmp_path
):
    """#28, finding 13: a demo seal looked like the Institute's. Now each form sealed
    with it says so in the form's language, so does the verification page, its
    certificate is for signing documents (not code), and `check --deploy` fails with
    DEBUG off. With the Institute's own certificate none of it appears."""
    from django.core import checks

    from documents.apps import seal_configured
    from documents.seal import current_signer, demo_seal_in_use, make_demo_seal
    from tests.helpers import pdf_text

    client.force_login(specialist)
    url = reverse("routes:route-pdf", args=[approved_in_both.pk])
    kk = pdf_text(_pdf(client.get(url, {"language": "kk"})))
    ru = pdf_text(_pdf(client.get(url, {"language": "ru"})))
    assert "Демо мөр: бұл құжат ресми пайдалануға жарамсыз." in kk
    assert "Демонстрационная печать: документ недействителен для официального" in ru
    code = approved_in_both.register_entry.verification_code
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("documents:verify", args=[code]))
    assert "seals its documents with a demo seal" in page.content.decode()
    usage = current_signer().signing_cert.extended_key_usage_value.native
    assert usage == ["1.3.6.1.5.5.7.3.36"]  # RFC 9336 document signing

    settings.DEBUG = False
    [problem] = seal_configured()
    assert problem.level == checks.ERROR and problem.id == "documents.E002"
    settings.DEBUG = True
    assert [p.id for p in seal_configured()] == ["documents.W002"]

    settings.DEBUG = False
    settings.SEAL_PKCS12 = str(make_demo_seal(tmp_path / "institute.p12", mark_demo=False))
    settings.SEAL_PKCS12_PASSWORD = "demo-seal"
    assert not demo_seal_in_use() and seal_configured() == []
    large = pdf_text(_pdf(client.get(url, {"language": "kk", "variant": "large"})))
    assert "Демо" not in large and approved_in_both.register_entry.number in large


def test_the_seal_signs_the_same_bytes_as_pyhankos_own_signer(demo_seal):
    """docs/architecture.md, "Optimisations": the seal's signer keeps its parsed key;
    its raw signatures are pyHanko's SimpleSigner's, byte for byte."""
    from pyhanko.sign import signers

    from documents.seal import DEMO_PASSWORD, current_signer

    ours = current_signer()
    theirs = signers.SimpleSigner.load_pkcs12(str(demo_seal), passphrase=DEMO_PASSWORD)
    assert type(ours) is not signers.SimpleSigner  # the key-keeping one is in use
    for data in (b"", b"%PDF-1.7 one form", bytes(range(256)) * 40):
        for digest in ("sha256", "sha512"):
            assert ours.sign_raw(data, digest) == theirs.sign_raw(data, digest)
    assert ours.private_key is ours.private_key  # parsed once
