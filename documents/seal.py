"""The institution's electronic seal: every issued PDF is signed as a PAdES signature
(pyHanko), with the key and certificate the deployment configures (a PKCS#12 file,
`SEAL_PKCS12`, and its password, `SEAL_PKCS12_PASSWORD`). Any PDF reader then shows
whether the file was changed since it was issued.

Without a configured file the demo seal is used (`SEAL_DEMO_PKCS12`, made by
`make_demo_seal` for `seed_demo` and the tests: a self-made certificate authority and
a seal certificate it issued, both in the one PKCS#12 file). docs/deployment.md says how
to use the Institute's organisation certificate from the national certification centre
(NCALayer/NUC RK issues RSA keys in PKCS#12, which pyHanko reads)."""

import datetime
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DEMO_PASSWORD = b"demo-seal"  # the demo seal protects nothing: it is for the demo
# Written into the demo certificate's subject (organisational unit), so that any
# reader of its signature -- and `demo_seal_in_use` -- knows it for what it is.
DEMO_MARK = "DEMO seal - not valid for official use"
# RFC 9336 id-kp-documentSigning: what a seal's certificate is for (not code signing).
DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36"


def configured_pkcs12() -> tuple[Path, bytes] | None:
    """The PKCS#12 file and password that sign, or None when there is none."""
    if settings.SEAL_PKCS12:
        return Path(settings.SEAL_PKCS12), settings.SEAL_PKCS12_PASSWORD.encode()
    demo = Path(settings.SEAL_DEMO_PKCS12)
    if demo.is_file():
        return demo, DEMO_PASSWORD
    return None


@lru_cache(maxsize=1)
def _key_keeping_signer_class():
    """pyHanko's SimpleSigner parses its private key again for every signature, and
    parsing an RSA key checks it (about 37 ms; a seal signs twice). This one parses it
    once and signs RSA PKCS#1 v1.5 -- the seal's mechanism -- with it; the signature is
    the same bytes (PKCS#1 v1.5 is deterministic: tests/documents/test_seal.py), any
    other mechanism goes to pyHanko's own. docs/architecture.md, "Optimisations"."""
    from functools import cached_property

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class KeyKeepingSigner(signers.SimpleSigner):
        @cached_property
        def private_key(self):
            return serialization.load_der_private_key(self.signing_key.dump(), password=None)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                rsa_pkcs1 = mechanism.signature_algo == "rsassa_pkcs1v15"
            except ValueError:
                rsa_pkcs1 = False
            if not rsa_pkcs1:
                return super().sign_raw(data, digest_algorithm)
            return self.private_key.sign(
                data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
            )

    return KeyKeepingSigner


@lru_cache(maxsize=4)
def _signer(path: str, mtime: float, password: bytes):
    from pyhanko.sign import signers

    loaded = signers.SimpleSigner.load_pkcs12(path, passphrase=password)
    if loaded is None:
        raise RuntimeError(f"The seal's PKCS#12 file {path} cannot be read with its password.")
    return _key_keeping_signer_class()(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
        signature_mechanism=loaded.signature_mechanism,
    )


def current_signer():
    found = configured_pkcs12()
    if found is None:
        return None
    path, password = found
    return _signer(str(path), path.stat().st_mtime, password)


def demo_seal_in_use() -> bool:
    """Whether issued PDFs are sealed with a demo certificate: the default demo file
    (no `SEAL_PKCS12`), or any certificate `make_demo_seal` made. Then each form and the
    verification page say so, and `check --deploy` fails with DEBUG off (#28, 13)."""
    try:
        signer = current_signer()
    except Exception:  # noqa: BLE001 - an unreadable file is documents.E001's to report
        return False
    if signer is None:
        return False
    if not settings.SEAL_PKCS12:
        return True
    return DEMO_MARK in signer.signing_cert.subject.human_friendly


def trust_roots() -> list:
    """The certificates a seal must chain to: the configured file's chain (the demo
    CA, or the national certification centre's certificates the deployment added)."""
    if settings.SEAL_TRUST_ROOTS:
        from asn1crypto import pem, x509

        with open(settings.SEAL_TRUST_ROOTS, "rb") as handle:
            return [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(handle.read(), True)]
    signer = current_signer()
    if signer is None:
        return []
    roots = [cert for cert in signer.cert_registry if cert != signer.signing_cert]
    return roots or [signer.signing_cert]


def seal_pdf(pdf: bytes, *, reason: str = "", location: str = "") -> bytes:
    """Sign the PDF as the institution (PAdES B-B, an incremental update, so the tags
    and everything else of the original stay as they were). Without a seal configured
    the PDF is returned as it is, and a warning logged."""
    signer = current_signer()
    if signer is None:
        logger.warning("No seal configured (SEAL_PKCS12): the PDF is issued without one")
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    def sign() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name="InstitutionSeal",
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or None,
            location=location or None,
        )
        return signers.sign_pdf(writer, metadata, signer=signer).getvalue()

    return _outside_event_loop(sign)


def _outside_event_loop(function):
    """pyHanko's synchronous calls run their own asyncio loop, which fails in a thread
    whose loop is already running (an ASGI server, Playwright's in the tests): there,
    run them in a thread of their own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


@dataclass
class SealCheck:
    present: bool
    intact: bool = False  # the signed bytes are unchanged
    whole_file: bool = False  # nothing was added after the seal
    trusted: bool = False  # made with a certificate of the configured chain
    signer: str = ""

    @property
    def valid(self) -> bool:
        return self.present and self.intact and self.whole_file and self.trusted


def check_seal(pdf: bytes) -> SealCheck:
    """What a PDF reader reports of the file's seal."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - not a PDF we can read: no seal to speak of
        return SealCheck(present=False)
    if not signatures:
        return SealCheck(present=False)
    signature = signatures[-1]
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    try:
        status = _outside_event_loop(
            lambda: validate_pdf_signature(signature, signer_validation_context=context)
        )
    except Exception:  # noqa: BLE001 - a damaged signature is an invalid one
        return SealCheck(present=True)
    return SealCheck(
        present=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly,
    )


def make_demo_seal(
    path: Path, *, organisation: str = "EAGI Inclusion demo", mark_demo: bool = True
) -> Path:
    """A self-made certificate authority and a seal certificate it issued, with the
    seal's key, in one PKCS#12 file (password `demo-seal`). The certificate is marked
    as a demo (`DEMO_MARK`) unless `mark_demo` is off (the tests' stand-in for the
    Institute's own certificate). Written atomically: two processes making it at once
    leave one whole file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, "Demo certification authority"),
        ]
    )
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                    *([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_MARK)]
                      if mark_demo else []),
                    x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} (seal)"),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.ObjectIdentifier(DOCUMENT_SIGNING)]), False
        )
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    data = pkcs12.serialize_key_and_certificates(
        b"seal", key, cert, [ca_cert], serialization.BestAvailableEncryption(DEMO_PASSWORD)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".p12")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    return path
