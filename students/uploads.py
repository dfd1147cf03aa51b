"""Checking supporting documents by their content, before anything is stored."""

import hashlib
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel scan is far beyond any certificate

_SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
# Names that make a PDF run code or act by itself when opened.
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Launch", b"/EmbeddedFile")


@dataclass
class CheckedFile:
    upload: object
    content_type: str
    size: int
    sha256: str


def _sniff(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _check_pdf(name: str, data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _("%(name)s is password-protected; upload it without a password.") % {"name": name}
            )
        # Decompress every object so that code hidden in object streams is seen too.
        names = data
        for page in reader.pages:
            names += repr(page.get_object()).encode()
        root = reader.trailer["/Root"]
        names += repr(root.get_object()).encode()
    except ValidationError:
        raise
    except (PdfReadError, Exception) as exc:  # noqa: BLE001 - any parse failure refuses
        raise ValidationError(_("%(name)s is not a readable PDF file.") % {"name": name}) from exc
    if any(marker in names for marker in _PDF_ACTIVE):
        raise ValidationError(
            _("%(name)s contains scripts or automatic actions, which are not allowed in PDFs.")
            % {"name": name}
        )


def _check_image(name: str, data: bytes) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("%(name)s is too large an image (%(width)s × %(height)s pixels).")
                    % {"name": name, "width": width, "height": height}
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoding failure refuses
        raise ValidationError(_("%(name)s is not a readable image.") % {"name": name}) from exc
    if _hidden_tail(data) or MARKUP.search(data[:4096]) or MARKUP.search(data[-4096:]):
        # A polyglot: an image that is also a web page or script for a browser that
        # sniffs it. Nothing legitimate needs bytes after the image's end.
        raise ValidationError(
            _("%(name)s carries data hidden beside the image and is refused.") % {"name": name}
        )


# Markup a browser would run if it sniffed the file as a page.
MARKUP = re.compile(rb"<\s*(?:html|script|svg|iframe|body|!doctype)", re.IGNORECASE)


def _hidden_tail(data: bytes) -> bool:
    """Bytes after the end of a PNG (IEND chunk) or a JPEG (final EOI marker)."""
    if data.startswith(b"\x89PNG"):
        end = data.rfind(b"IEND")
        return end == -1 or len(data) > end + 8
    if data.startswith(b"\xff\xd8"):
        return not data.rstrip(b"\x00").endswith(b"\xff\xd9")
    return False


def check_uploads(uploads: list) -> list[CheckedFile]:
    """Validate every file; raise one ValidationError listing each refusal."""
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            ngettext(
                "At most %(max)s file can be attached.",
                "At most %(max)s files can be attached.",
                MAX_FILES,
            )
            % {"max": MAX_FILES}
        )
    errors, checked = [], []
    for upload in uploads:
        name = upload.name
        if upload.size > MAX_FILE_BYTES:
            errors.append(
                ValidationError(
                    _("%(name)s is larger than 20 MB.") % {"name": name}, code="too_large"
                )
            )
            continue
        data = _read(upload)
        content_type = _sniff(data[:16])
        if content_type is None:
            errors.append(
                ValidationError(
                    _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name},
                    code="bad_type",
                )
            )
            continue
        try:
            if content_type == "application/pdf":
                _check_pdf(name, data)
            else:
                _check_image(name, data)
        except ValidationError as error:
            errors.append(error)
            continue
        checked.append(
            CheckedFile(
                upload=upload,
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    if errors:
        raise ValidationError(errors)
    return checked
