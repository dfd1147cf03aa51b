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
    """Read with pikepdf (qpdf), as the case file's merge reads it (routes/casefile.py):
    one reading for the check and for what the server writes (#28, finding 3)."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            problem = pdf_active_content(pdf)
    except pikepdf.PasswordError as exc:
        raise ValidationError(
            _("%(name)s is password-protected; upload it without a password.") % {"name": name}
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any parse failure refuses
        raise ValidationError(_("%(name)s is not a readable PDF file.") % {"name": name}) from exc
    if problem is not None:
        raise ValidationError(_PDF_PROBLEMS[problem]() % {"name": name}, code=f"pdf_{problem}")


# What a PDF may hold that acts by itself or carries more than the pages we see, by
# how serious it is. qpdf decodes names (/J#61vaScript is /JavaScript), follows
# incremental updates and object streams, so these are the objects a viewer would use.
_PDF_PROBLEMS = {
    "ambiguous": lambda: _(
        "%(name)s is built so that PDF readers would read it differently (a key given "
        "twice, or an action type kept elsewhere), which is not allowed in PDFs."
    ),
    "script": lambda: _("%(name)s contains a script (JavaScript), which is not allowed in PDFs."),
    "launch": lambda: _(
        "%(name)s contains an action that opens a program, another file or a web form, "
        "which is not allowed in PDFs."
    ),
    "embedded": lambda: _(
        "%(name)s has other files embedded in it, which is not allowed in PDFs; "
        "attach each document on its own."
    ),
    "automatic": lambda: _(
        "%(name)s contains an action that runs by itself when the file is opened or viewed, "
        "which is not allowed in PDFs."
    ),
}
_SCRIPT_ACTIONS = {"/JavaScript", "/RichMediaExecute"}
_LAUNCH_ACTIONS = {
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/GoToE",
    "/GoToR",
    "/Rendition",
    "/Movie",
    "/Sound",
}
# Embedded media and attachments, as annotation subtypes.
_EMBEDDING_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
# An automatic action may only move the view (a destination or a /GoTo).
_HARMLESS_AUTOMATIC = {"/GoTo"}
MAX_PDF_OBJECTS = 200_000


def pdf_active_content(pdf) -> str | None:
    """The most serious active content of a PDF opened with pikepdf ("ambiguous",
    "script", "launch", "embedded", "automatic"), or None. Walks every object reachable
    from the trailer (catalogue, name trees, pages, annotations, form fields, action
    chains), so an action is found wherever it hangs; a link a person clicks to a web
    address is fine. What two PDF readers would read differently is refused outright:
    a dictionary with a key twice (pypdf keeps the first, qpdf the last) and an action
    type behind an indirect reference."""
    import pikepdf

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [pdf.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Object):
            continue  # numbers and booleans come as Python values
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, pikepdf.Stream):
            item = item.stream_dict
        if isinstance(item, pikepdf.Dictionary):
            found |= _dictionary_problems(item)
            stack.extend(value for key, value in item.items() if key != "/Encrypt")
        elif isinstance(item, pikepdf.Array):
            stack.extend(item)
    # qpdf reports each key it saw twice, as it parses the object.
    if any("duplicated key" in warning for warning in pdf.get_warnings()):
        found.add("ambiguous")
    for problem in _PDF_PROBLEMS:
        if problem in found:
            return problem
    return None


def _dictionary_problems(item) -> set[str]:
    found = set()
    raw = item.get("/S")
    if getattr(raw, "is_indirect", False):
        found.add("ambiguous")
    action = str(raw) if raw is not None else None
    if "/JS" in item or action in _SCRIPT_ACTIONS or "/XFA" in item:
        found.add("script")
    if action in _LAUNCH_ACTIONS:
        found.add("launch")
    kind = item.get("/Type")
    if (
        (kind is not None and str(kind) == "/EmbeddedFile")
        or "/EF" in item
        or "/EmbeddedFiles" in item
        or str(item.get("/Subtype", "")) in _EMBEDDING_ANNOTATIONS
    ):
        found.add("embedded")
    if "/JavaScript" in item and (kind is None or str(kind) != "/Action"):
        found.add("script")  # the document-level script name tree
    automatic = []
    if "/OpenAction" in item:
        automatic.append(item["/OpenAction"])
    if "/AA" in item:
        triggers = item["/AA"]
        automatic += list(triggers.values()) if hasattr(triggers, "values") else [triggers]
    for entry in automatic:
        # A bare destination array only opens the file at a page.
        if hasattr(entry, "get") and str(entry.get("/S", "")) not in _HARMLESS_AUTOMATIC:
            found.add("automatic")
    return found


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
