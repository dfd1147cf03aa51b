"""A person's ЭЦП on a PDF (PAdES, pyHanko's interrupted signing): the PDF prepared
with room for the signature and the digest NCALayer signs; then the returned CMS
embedded with a timestamp (ECP_TSA_URL) and checked as a PDF reader would."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .ecp import SIGNING, Holder, Refused, _run, checked, read_signature

logger = logging.getLogger(__name__)

# -- a person's signature on a PDF (PAdES, pyHanko's interrupted signing) -------------

RESERVED_BYTES = 32768  # room for the CMS: the chain, the timestamp token


@dataclass
class Prepared:
    pdf: bytes  # with the signature field and room for the signature
    digest: bytes  # SHA-256 over the byte ranges: what NCALayer signs
    region_start: int
    region_end: int


def prepare_pdf(pdf: bytes, *, field_name: str, reason: str = "") -> Prepared:
    """Add a signature field to the PDF (an incremental update) and compute the digest
    the person's key signs; nothing is signed here."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    async def prepare():
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        metadata = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or None,
        )
        # No key here: a placeholder signer only shapes the field.
        placeholder = signers.ExternalSigner(
            signing_cert=None, cert_registry=None, signature_value=bytes(256)
        )
        digest, _tbs, output = await signers.PdfSigner(
            metadata, signer=placeholder
        ).async_digest_doc_for_signing(writer, bytes_reserved=RESERVED_BYTES)
        return Prepared(
            output.getvalue(),
            digest.document_digest,
            digest.reserved_region_start,
            digest.reserved_region_end,
        )

    return _run(prepare)


def _timestamped(signed_data):
    """The person's CMS with a signature timestamp (RFC 3161) from ECP_TSA_URL added as
    an unsigned attribute (PAdES B-T); one NCALayer already added is kept."""
    import hashlib

    from asn1crypto import cms
    from pyhanko.sign.timestamps import HTTPTimeStamper

    signer_info = signed_data["signer_infos"][0]
    present = signer_info["unsigned_attrs"]
    if present.native and any(
        attribute["type"].native == "signature_time_stamp_token" for attribute in present
    ):
        return signed_data
    imprint = hashlib.sha256(signer_info["signature"].native).digest()
    stamper = HTTPTimeStamper(settings.ECP_TSA_URL, timeout=10)
    try:
        token = _run(lambda: stamper.async_timestamp(imprint, "sha256"))
    except Exception as error:  # noqa: BLE001 - unreachable, refused, malformed
        logger.warning("The timestamping authority %s did not answer: %s",
                       settings.ECP_TSA_URL, error)  # fmt: skip
        raise Refused(
            "tsa",
            _("The timestamping service did not answer, so the signature cannot be dated. "
              "Please try again in a few minutes."),
        ) from error  # fmt: skip
    attributes = list(present) if present.native else []
    attributes.append(cms.CMSAttribute({"type": "signature_time_stamp_token", "values": [token]}))
    signer_info["unsigned_attrs"] = cms.CMSAttributes(attributes)
    return signed_data


def finish_pdf(prepared: Prepared, cms_text: str) -> tuple[bytes, Holder, datetime.datetime]:
    """Embed the person's signature (with a timestamp) into the prepared PDF and check
    it as a PDF reader would: integrity, the chain, a signing key, revocation. Returns
    the signed PDF, the signer and the timestamp's time; refuses with a sentence."""
    import io

    from asn1crypto import cms
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
    from pyhanko.sign.validation import async_validate_pdf_signature

    signed, certificate = read_signature(cms_text, SIGNING)
    signed = _timestamped(signed)
    content = cms.ContentInfo({"content_type": "signed_data", "content": signed})
    if len(content.dump()) * 2 > RESERVED_BYTES:
        raise Refused("malformed", _("The signature could not be read."))

    async def embed():
        output = io.BytesIO(prepared.pdf)
        await PdfTBSDocument.async_finish_signing(
            output,
            PreparedByteRangeDigest(prepared.digest, prepared.region_start, prepared.region_end),
            content,
        )
        return output.getvalue()

    pdf = _run(embed)

    def validate(context, usage):
        signature = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[-1]
        return async_validate_pdf_signature(
            signature, signer_validation_context=context, key_usage_settings=usage
        )

    status, holder = checked(certificate, SIGNING, validate, needs_timestamp=True)
    return pdf, holder, status.timestamp_validity.timestamp


def verify_countersignature(cms_text: str, data: bytes) -> tuple[bytes, Holder, datetime.datetime]:
    """A person's detached signature (CAdES) over an issued file's bytes: NCALayer
    signed its SHA-256 digest. Timestamped like a signature on a PDF and checked in
    full; returns the timestamped CMS (DER), the signer and the timestamp's time."""
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    signed, certificate = read_signature(cms_text, SIGNING)
    signed = _timestamped(signed)
    status, holder = checked(
        certificate,
        SIGNING,
        lambda context, usage: async_validate_detached_cms(
            data, signed, signer_validation_context=context, key_usage_settings=usage
        ),
        needs_timestamp=True,
    )
    content = cms.ContentInfo({"content_type": "signed_data", "content": signed})
    return content.dump(), holder, status.timestamp_validity.timestamp
