"""A test certification centre with the national centre's (НУЦ РК) certificate profile,
made in the test and served on loopback ports: a root, an intermediate, an OCSP
responder and a CRL for each, and a timestamping authority (RFC 3161). It issues
authentication and signing certificates of individuals (IIN) and of legal entities'
employees (IIN and BIN), RSA, as PKCS#12 files like the ones NCALayer opens.

Everything is real: the app's code fetches OCSP answers and timestamps over HTTP
from these servers, as it would from the national centre's."""

import datetime
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = b"Qwerty12"  # the national centre's default key password, as people keep it
CLIENT_AUTH = ExtendedKeyUsageOID.CLIENT_AUTH
EMAIL_PROTECTION = ExtendedKeyUsageOID.EMAIL_PROTECTION
# The national centre's policy OIDs for the holder: an individual, a legal entity's
# employee (1.2.398.3.3.4.1.2.5).
INDIVIDUAL = x509.ObjectIdentifier("1.2.398.3.3.4.1.1")
EMPLOYEE = x509.ObjectIdentifier("1.2.398.3.3.4.1.2.5")


def _now():
    return datetime.datetime.now(datetime.UTC)


@dataclass
class Key:
    """One PKCS#12 file and what it holds."""

    path: Path
    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey
    chain: list = field(default_factory=list)

    @property
    def serial_hex(self) -> str:
        return format(self.certificate.serial_number, "x")


class _Authority:
    def __init__(self, name: str, key, certificate, issuer=None):
        self.name = name
        self.key = key
        self.certificate = certificate
        self.issuer = issuer
        self.revoked: dict[int, datetime.datetime] = {}


class TestCentre:
    """Root → intermediate → people's keys; HTTP for OCSP, CRLs and timestamps."""

    __test__ = False

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.ocsp_answers = True  # off: the OCSP responder answers 503
        self.crl_answers = True
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.root = self._authority("ROOT", None, days=3650)
        self.intermediate = self._authority("RSA", self.root, days=1825)
        self.tsa_key, self.tsa_certificate = self._tsa()
        self.roots_pem = self.directory / "nca-roots.pem"
        self.roots_pem.write_bytes(
            b"".join(
                a.certificate.public_bytes(serialization.Encoding.PEM)
                for a in (self.root, self.intermediate)
            )
        )

    def close(self):
        self._server.shutdown()
        self._server.server_close()

    # -- certificates -------------------------------------------------------------

    def _authority(self, label: str, issuer, *, days: int) -> _Authority:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, f"ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ ({label})"),
                x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
            ]
        )
        signer_key = issuer.key if issuer else key
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer.certificate.subject if issuer else name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - datetime.timedelta(days=1))
            .not_valid_after(_now() + datetime.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        )
        if issuer:
            builder = self._revocation_pointers(builder, issuer).add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
            )
        certificate = builder.sign(signer_key, hashes.SHA256())
        return _Authority(label.lower(), key, certificate, issuer)

    def _revocation_pointers(self, builder, issuer: _Authority):
        return builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        x509.AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(f"{self.url}/ocsp/{issuer.name}"),
                    )
                ]
            ),
            False,
        ).add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(f"{self.url}/crl/{issuer.name}")],
                        None,
                        None,
                        None,
                    )
                ]
            ),
            False,
        )

    def _tsa(self):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA TEST")]))
            .issuer_name(self.intermediate.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_now() - datetime.timedelta(days=1))
            .not_valid_after(_now() + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    self.intermediate.key.public_key()
                ),
                False,
            )
        )
        certificate = self._revocation_pointers(certificate, self.intermediate).sign(
            self.intermediate.key, hashes.SHA256()
        )
        self._issued[certificate.serial_number] = certificate
        return key, certificate

    def issue(
        self,
        name: str,
        *,
        iin: str,
        surname: str,
        given_name: str,
        patronymic: str = "",
        purpose: str = "auth",
        bin: str = "",
        organisation: str = "",
        expired: bool = False,
        revoked: bool = False,
    ) -> Key:
        """A person's key as the national centre issues it: `purpose` "auth" (AUTH_RSA256_…:
        digital signature, client authentication) or "sign" (RSA256_…: non-repudiation,
        e-mail protection)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        attributes = [
            x509.NameAttribute(NameOID.COMMON_NAME, f"{surname} {given_name}"),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IIN{iin}"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"),
        ]
        if patronymic:
            attributes.append(x509.NameAttribute(NameOID.GIVEN_NAME, patronymic))
        if bin:
            attributes += [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation or "TEST ORG"),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"BIN{bin}"),
            ]
        start = _now() - datetime.timedelta(days=400 if expired else 1)
        end = (
            _now() - datetime.timedelta(days=30)
            if expired
            else _now() + datetime.timedelta(days=365)
        )
        signing = purpose == "sign"
        usage = x509.KeyUsage(
            digital_signature=not signing, content_commitment=signing,
            key_encipherment=not signing, data_encipherment=False, key_agreement=False,
            key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        )  # fmt: skip
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name(attributes))
            .issuer_name(self.intermediate.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(usage, critical=True)
            .add_extension(
                x509.ExtendedKeyUsage(
                    [EMAIL_PROTECTION if signing else CLIENT_AUTH, EMPLOYEE if bin else INDIVIDUAL]
                ),
                False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    self.intermediate.key.public_key()
                ),
                False,
            )
        )
        certificate = self._revocation_pointers(builder, self.intermediate).sign(
            self.intermediate.key, hashes.SHA256()
        )
        self._issued[certificate.serial_number] = certificate
        if revoked:
            self.intermediate.revoked[certificate.serial_number] = _now() - datetime.timedelta(
                hours=1
            )
        prefix = "RSA256" if signing else "AUTH_RSA256"
        path = self.directory / f"{prefix}_{name}.p12"
        chain = [self.intermediate.certificate, self.root.certificate]
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                name.encode(), key, certificate, chain,
                serialization.BestAvailableEncryption(PASSWORD),
            )
        )  # fmt: skip
        return Key(path, certificate, key, chain)

    # -- the servers ---------------------------------------------------------------

    def _authority_named(self, name: str) -> _Authority | None:
        return {a.name: a for a in (self.root, self.intermediate)}.get(name)

    def _issuer_of(self, request) -> _Authority | None:
        """The authority whose key the request names: one responder answers for the
        whole centre, at whatever address it is reached (as the national centre's)."""
        for authority in (self.root, self.intermediate):
            own = ocsp.OCSPRequestBuilder().add_certificate(
                authority.certificate, authority.certificate, request.hash_algorithm
            )
            if own.build().issuer_key_hash == request.issuer_key_hash:
                return authority
        return None

    def _ocsp(self, body: bytes) -> bytes:
        request = ocsp.load_der_ocsp_request(body)
        authority = self._issuer_of(request)
        if authority is None:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(
                ocsp.OCSPResponseStatus.UNAUTHORIZED
            ).public_bytes(serialization.Encoding.DER)
        serial = request.serial_number
        if authority is self.root:
            known = {self.intermediate.certificate.serial_number: self.intermediate.certificate}
        else:
            known = self._issued
        builder = ocsp.OCSPResponseBuilder()
        revoked_at = authority.revoked.get(serial)
        # The responder answers for the certificates its authority issued; it knows
        # them by serial (an unknown serial is "unknown", as a real responder says).
        subject = known.get(serial)
        if subject is None:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(
                ocsp.OCSPResponseStatus.UNAUTHORIZED
            ).public_bytes(serialization.Encoding.DER)
        builder = builder.add_response(
            cert=subject,
            issuer=authority.certificate,
            algorithm=request.hash_algorithm,
            cert_status=ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD,
            this_update=_now() - datetime.timedelta(minutes=1),
            next_update=_now() + datetime.timedelta(hours=1),
            revocation_time=revoked_at,
            revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
        ).responder_id(ocsp.OCSPResponderEncoding.HASH, authority.certificate)
        for extension in request.extensions:
            if isinstance(extension.value, x509.OCSPNonce):
                builder = builder.add_extension(extension.value, False)
        return builder.sign(authority.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    @property
    def _issued(self) -> dict:
        return self.__dict__.setdefault("_issued_by_serial", {})

    def _crl(self, authority: _Authority) -> bytes:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(authority.certificate.subject)
            .last_update(_now() - datetime.timedelta(minutes=1))
            .next_update(_now() + datetime.timedelta(days=1))
            .add_extension(x509.CRLNumber(int(_now().timestamp())), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
                False,
            )
        )
        for serial, when in authority.revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
            )
        return builder.sign(authority.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def _timestamp(self, body: bytes) -> bytes:
        from asn1crypto import keys, tsp
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(
                self.tsa_certificate.public_bytes(serialization.Encoding.DER)
            ),
            tsa_key=keys.PrivateKeyInfo.load(
                self.tsa_key.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            ),
            certs_to_embed=[
                asn1_x509.Certificate.load(
                    self.intermediate.certificate.public_bytes(serialization.Encoding.DER)
                )
            ],
        )
        return stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()

    def _handler(self):
        centre = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: bytes, kind: str):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802 - http.server's name
                _, what, name = (self.path.split("/") + ["", ""])[:3]
                authority = centre._authority_named(name)
                if what == "crl" and authority and centre.crl_answers:
                    return self._answer(200, centre._crl(authority), "application/pkix-crl")
                return self._answer(503, b"", "text/plain")

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                what = (self.path.split("/") + [""])[1]
                if what == "ocsp" and centre.ocsp_answers:
                    return self._answer(200, centre._ocsp(body), "application/ocsp-response")
                if what == "tsa":
                    return self._answer(200, centre._timestamp(body), "application/timestamp-reply")
                return self._answer(503, b"", "text/plain")

        return Handler

    @property
    def ocsp_url(self) -> str:
        return f"{self.url}/ocsp/rsa"

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/tsa"


def sign_cms(key: Key, data: bytes, *, digested: bool = False) -> str:
    """What NCALayer's `basics` module returns for `format: "cms"`, detached: a CMS
    signature (base64) over `data`, or — `digested` — over the document whose SHA-256
    digest `data` is (signed attributes carry it as the message digest)."""
    import asyncio
    import base64

    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(str(key.path), passphrase=PASSWORD)

    async def sign():
        if digested:
            return await signer.async_sign(data, "sha256")
        return await signer.async_sign_general_data(data, "sha256", detached=True)

    from documents.seal import _outside_event_loop

    # In a thread of its own where this one runs a loop (Playwright's, in a full run).
    signed = _outside_event_loop(lambda: asyncio.run(sign()))
    return base64.b64encode(signed.dump()).decode()
