"""The national digital signature (ЭЦП): what the server checks of a signature NCALayer
made on a person's computer. The key never leaves that computer; the server receives
a CMS (PKCS#7) signature and its certificates, and checks, with pyHanko and its
certvalidator (no cryptography of our own):

- the signature over the data the server chose (a sign-in nonce, a PDF's digest);
- the certificate chain up to the national certification centre's roots the
  deployment names (`ECP_TRUST_ROOTS`), and the validity dates;
- the key usage: an authentication key (digital signature, client authentication) to
  sign in, a signing key (non-repudiation, e-mail protection) to sign a decision;
- revocation by OCSP (the certificate's address, or `ECP_OCSP_URL`), a CRL where the
  responder does not answer; no answer at all refuses (hard fail).

The holder's IIN comes from the subject's serial number (`IIN…`) and a legal entity's
BIN from its organisational unit (`BIN…`), as the national centre writes them.

GOST keys (GOST 34.310-2004, GOST 34.10-2015) are recognised and refused with a
sentence that names the algorithm: no maintained Python library verifies them
(docs/deployment.md, "Known limits")."""

import asyncio
import base64
import binascii
import datetime
import logging
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

AUTHENTICATION = "auth"
SIGNING = "sign"

# Public key algorithms of the Kazakh and Russian GOST standards, by OID prefix.
GOST_ALGORITHMS = {
    "1.2.398.3.10.1.1.1": "GOST 34.310-2004",
    "1.2.398.3.10.1.1.2": "GOST 34.10-2015",
    "1.2.643.7.1.1.1": "GOST R 34.10-2012",
    "1.2.643.2.2.19": "GOST R 34.10-2001",
}


class Refused(Exception):  # noqa: N818 - a refusal, said to a person
    """A signature the server does not accept, with the sentence the person reads
    (`message`) and a short code for the log (`code`)."""

    def __init__(self, code: str, message, *, holder: "Holder | None" = None):
        super().__init__(code)
        self.code = code
        self.message = message
        self.holder = holder


@dataclass(frozen=True)
class Holder:
    """Who a certificate names, and which certificate it is."""

    iin: str
    bin: str
    surname: str
    given_name: str
    patronymic: str
    organisation: str
    serial: str  # hexadecimal, as NCALayer and the national centre print it
    issuer: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    certificate: bytes = field(repr=False)  # DER
    ocsp_response: bytes = field(default=b"", repr=False)  # DER, when OCSP answered

    @property
    def short_name(self) -> str:
        """Surname and initials: what the public verification page shows."""
        initials = "".join(f" {part[0]}." for part in (self.given_name, self.patronymic) if part)
        return f"{self.surname}{initials}".strip()


def enabled() -> bool:
    return bool(settings.ECP_TRUST_ROOTS)


@lru_cache(maxsize=4)
def _roots(paths: tuple[str, ...]) -> list:
    from asn1crypto import pem, x509

    found = []
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        if pem.detect(data):
            found += [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, True)]
        else:
            found.append(x509.Certificate.load(data))
    return found


def trust_roots() -> list:
    """The national centre's certificates (roots and intermediates) the deployment
    configured."""
    return _roots(tuple(settings.ECP_TRUST_ROOTS))


def _fetcher_backend():
    """pyhanko-certvalidator's aiohttp fetchers, with every OCSP request sent to
    `ECP_OCSP_URL` when the deployment names one (a local OCSP proxy, the national
    centre's address when a certificate lacks it)."""
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers.ocsp_client import (
        AIOHttpOCSPFetcher,
        _grab_ocsp,
    )
    from pyhanko_certvalidator.fetchers.common_utils import FetchKind, format_ocsp_request

    override = settings.ECP_OCSP_URL

    class OverriddenOCSPFetcher(AIOHttpOCSPFetcher):
        async def _fetch(self, cert, authority):
            request = format_ocsp_request(
                cert,
                authority,
                certid_hash_algo=self.certid_hash_algo,
                request_nonces=self.request_nonces,
            )
            self._charge(FetchKind.OCSP)
            return await _grab_ocsp(
                request,
                override,
                user_agent=self.user_agent,
                session=self.get_session(),
                timeout=self.per_request_timeout,
            )

    class Backend(AIOHttpFetcherBackend):
        def get_fetchers(self):
            fetchers = super().get_fetchers()
            if not override:
                return fetchers
            ocsp = OverriddenOCSPFetcher(
                self.session, per_request_timeout=self.per_request_timeout,
                budget=fetchers.ocsp_fetcher._budget,
            )  # fmt: skip
            return type(fetchers)(
                ocsp_fetcher=ocsp,
                crl_fetcher=fetchers.crl_fetcher,
                cert_fetcher=fetchers.cert_fetcher,
            )

    return Backend(per_request_timeout=10)


def validation_context(backend):
    """A context that checks revocation of every certificate on the path (OCSP, then
    a CRL) and refuses when neither answers."""
    from pyhanko_certvalidator import ValidationContext

    certificates = trust_roots()
    # The roots are the anchors; an intermediate in the same files is only a link of the
    # path (as an anchor, its own CRL could not be checked up to the root).
    return ValidationContext(
        trust_roots=[c for c in certificates if c.self_signed != "no"],
        other_certs=[c for c in certificates if c.self_signed == "no"],
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=backend,
    )


def key_usage(purpose: str):
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    if purpose == AUTHENTICATION:
        return KeyUsageConstraints(key_usage={"digital_signature"}, extd_key_usage={"client_auth"})
    return KeyUsageConstraints(key_usage={"non_repudiation"}, extd_key_usage={"email_protection"})


def _run(coroutine_function):
    """pyHanko's validation is asynchronous; run it on a loop of its own (in a thread
    when this one already runs a loop: an ASGI server, Playwright in the tests)."""
    from .seal import _outside_event_loop

    return _outside_event_loop(lambda: asyncio.run(coroutine_function()))


def parse_cms(text: str):
    """The SignedData of a base64 (or PEM) CMS as NCALayer returns it."""
    from asn1crypto import cms

    text = (text or "").strip()
    for marker in ("-----BEGIN CMS-----", "-----END CMS-----", "-----BEGIN PKCS7-----",
                   "-----END PKCS7-----"):  # fmt: skip
        text = text.replace(marker, "")
    try:
        info = cms.ContentInfo.load(base64.b64decode("".join(text.split()), validate=True))
        if info["content_type"].native != "signed_data":
            raise ValueError(info["content_type"].native)
        signed = info["content"]
        signed.native  # noqa: B018 - parse it all now, not half-way through checking
        if len(signed["signer_infos"]) != 1:
            raise ValueError("one signer expected")
    except (ValueError, TypeError, binascii.Error) as error:
        raise Refused("malformed", _("The signature could not be read.")) from error
    return signed


def signer_certificate(signed):
    """The certificate the signer info names (by issuer and serial number), read
    without interpreting its key: a GOST key must be named, not fail to parse."""
    try:
        sid = signed["signer_infos"][0]["sid"]
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native
            for choice in signed["certificates"]:
                certificate = choice.chosen
                if (certificate.issuer.dump(), certificate.serial_number) == wanted:
                    return certificate
        else:
            for choice in signed["certificates"]:
                if choice.chosen.key_identifier == sid.chosen.native:
                    return choice.chosen
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise Refused("no_certificate", _("The signature carries no certificate.")) from error
    raise Refused("no_certificate", _("The signature carries no certificate."))


def gost_algorithm(certificate) -> str:
    """The GOST algorithm's name when the certificate's key is a GOST one, else ""."""
    oid = certificate["tbs_certificate"]["subject_public_key_info"]["algorithm"]["algorithm"]
    dotted = oid.dotted
    for prefix, name in GOST_ALGORITHMS.items():
        if dotted.startswith(prefix):
            return name
    return ""


def holder_of(certificate, ocsp_response: bytes = b"") -> Holder:
    subject = certificate.subject.native
    serial = str(subject.get("serial_number") or "")
    unit = subject.get("organizational_unit_name") or ""
    if isinstance(unit, list):
        unit = next((u for u in unit if str(u).startswith("BIN")), "")
    common = str(subject.get("common_name") or "")
    surname = str(subject.get("surname") or common.split(" ")[0])
    given = common[len(surname) :].strip() if common.startswith(surname) else ""
    return Holder(
        iin=serial[3:] if serial.startswith("IIN") else "",
        bin=str(unit)[3:] if str(unit).startswith("BIN") else "",
        surname=surname,
        given_name=given,
        patronymic=str(subject.get("given_name") or ""),
        organisation=str(subject.get("organization_name") or ""),
        serial=format(certificate.serial_number, "x"),
        issuer=certificate.issuer.human_friendly,
        valid_from=certificate.not_valid_before,
        valid_until=certificate.not_valid_after,
        certificate=certificate.dump(),
        ocsp_response=ocsp_response,
    )


def _ocsp_for(context, certificate) -> bytes:
    """The OCSP answer the check fetched for the certificate (kept with the signature
    on a decision), or b"" when the status came from a CRL."""
    from pyhanko_certvalidator.util import issuer_serial

    wanted = issuer_serial(certificate)
    for response in context.ocsps:
        try:
            single = response["response_bytes"]["response"].parsed["tbs_response_data"][
                "responses"
            ][0]
            cert_id = single["cert_id"]
            if cert_id["serial_number"].native == certificate.serial_number:
                return response.dump()
        except (KeyError, ValueError, IndexError):
            continue
    logger.debug("No OCSP answer kept for %s", wanted)
    return b""


def refuse_before_checking(certificate, purpose: str) -> None:
    """What can be said of the certificate alone, in the plainest words: an algorithm
    we cannot verify, a key for the other purpose, dates."""
    from pyhanko_certvalidator.errors import InvalidCertificateError

    gost = gost_algorithm(certificate)
    if gost:
        raise Refused(
            "gost",
            _(
                "This key uses the %(algorithm)s algorithm, which the system cannot verify "
                "yet. Choose your RSA key (its file name begins with %(prefix)s)."
            )
            % {
                "algorithm": gost,
                "prefix": "AUTH_RSA256" if purpose == AUTHENTICATION else "RSA256",
            },
        )
    try:
        key_usage(purpose).validate(certificate)
    except InvalidCertificateError as error:
        if purpose == AUTHENTICATION:
            message = _(
                "This is not an authentication key. To sign in, choose the key whose file "
                "name begins with AUTH_RSA256."
            )
        else:
            message = _(
                "This is not a signing key. To sign, choose the key whose file name begins "
                "with RSA256 (not AUTH_)."
            )
        raise Refused("key_usage", message, holder=holder_of(certificate)) from error
    now = datetime.datetime.now(datetime.UTC)
    if not certificate.not_valid_before <= now <= certificate.not_valid_after:
        raise Refused(
            "expired",
            _(
                "Your certificate is valid from %(start)s to %(end)s, not today. Get a new "
                "one from the national certification centre (pki.gov.kz)."
            )
            % {
                "start": certificate.not_valid_before.date().isoformat(),
                "end": certificate.not_valid_after.date().isoformat(),
            },
            holder=holder_of(certificate),
        )


def judge(status, certificate) -> None:
    """Turn pyHanko's status into a refusal with a sentence, or nothing when valid."""
    holder = holder_of(certificate)
    if not (status.intact and status.valid):
        raise Refused(
            "tampered",
            _("The signature does not match the data it was asked to sign."),
            holder=holder,
        )
    if status.trusted and not status.revoked:
        return
    problem = getattr(status.trust_problem_indic, "name", "") or ""
    if status.revoked or problem.startswith("REVOKED"):
        raise Refused(
            "revoked",
            _("Your certificate has been revoked. Get a new one from the national "
              "certification centre (pki.gov.kz)."),
            holder=holder,
        )  # fmt: skip
    if problem == "OUT_OF_BOUNDS_NO_POE":
        raise Refused("expired", _("Your certificate has expired."), holder=holder)
    if problem == "NO_CERTIFICATE_CHAIN_FOUND":
        raise Refused(
            "untrusted",
            _("This certificate was not issued by the national certification centre."),
            holder=holder,
        )
    raise Refused(
        "status_unknown",
        _(
            "Whether your certificate is still valid could not be checked: the national "
            "certification centre's OCSP service did not answer. Please try again in a few "
            "minutes."
        ),
        holder=holder,
    )


def read_signature(cms_text: str, purpose: str):
    """The SignedData and its signer's certificate, refused early for what the
    certificate alone says (documents/ecp.py, `refuse_before_checking`)."""
    if not enabled():
        raise Refused("disabled", _("Signing with ЭЦП is not set up on this server."))
    signed = parse_cms(cms_text)
    certificate = signer_certificate(signed)
    refuse_before_checking(certificate, purpose)
    return signed, certificate


def checked(certificate, purpose: str, validate, *, needs_timestamp: bool = False):
    """Run one of pyHanko's validations — `validate(context, key_usage)`, a coroutine —
    with a fresh fetcher (OCSP, CRLs), and judge it: a refusal with a sentence, or the
    status and the signer (with the OCSP answer the check fetched)."""
    backend = _fetcher_backend()
    context = validation_context(backend)

    async def check():
        try:
            return await validate(context, key_usage(purpose))
        finally:
            await backend.close()

    try:
        status = _run(check)
    except Exception as error:  # noqa: BLE001 - a structure pyHanko cannot validate
        logger.info("ЭЦП signature not validated: %s", error)
        raise Refused(
            "tampered",
            _("The signature does not match the data it was asked to sign."),
            holder=holder_of(certificate),
        ) from error
    judge(status, certificate)
    timestamp = status.timestamp_validity
    if needs_timestamp and (
        timestamp is None or not (timestamp.intact and timestamp.valid and timestamp.trusted)
    ):
        raise Refused(
            "tsa",
            _("The signature's timestamp could not be verified. Please try again."),
            holder=holder_of(certificate),
        )
    return status, holder_of(certificate, _ocsp_for(context, certificate))


def verify_detached(cms_text: str, data: bytes, purpose: str) -> Holder:
    """Check a detached CMS signature over `data` (a sign-in nonce) in full."""
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    signed, certificate = read_signature(cms_text, purpose)
    _status, holder = checked(
        certificate,
        purpose,
        lambda context, usage: async_validate_detached_cms(
            data, signed, signer_validation_context=context, key_usage_settings=usage
        ),
    )
    return holder


# -- policy: which decisions are signed (Institution.ecp_policy) ----------------------

REQUIRED, ALLOWED, CLICK = "required", "allowed", "click"
POLICIES = (REQUIRED, ALLOWED, CLICK)
# The decisions the regulation gives to people, which may be signed with ЭЦП.
DECISIONS = {
    "route_approve": _("the rector's office approves a route"),
    "conclusion_issue": _("the head of the centre issues a conclusion"),
    "protocol_sign": _("the chair signs a meeting's protocol"),
    "route_acknowledge": _("the student acknowledges the approved route"),
    "protocol_countersign": _("the secretary signs a meeting's protocol"),
    "section_agree": _("a teacher agrees the section of their course"),
}
# What the verification page calls the signer of each decision.
ROLES = {
    "route_approve": _("approved (rector's office)"),
    "conclusion_issue": _("issued (head of the centre)"),
    "protocol_sign": _("signed (chair of the meeting)"),
    "route_acknowledge": _("acknowledged (student or representative)"),
    "protocol_countersign": _("signed (secretary of the meeting)"),
    "section_agree": _("agreed (teacher of a course)"),
}


def policy(decision: str) -> str:
    """ "required", "allowed" or "click" for the decision; "click" while ЭЦП is off."""
    if not enabled():
        return CLICK
    from .models import Institution

    chosen = (Institution.current().ecp_policy or {}).get(decision, CLICK)
    return chosen if chosen in (REQUIRED, ALLOWED) else CLICK
