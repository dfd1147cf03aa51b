"""Names of downloaded documents: unique and readable, e.g. `ЖББМ-2026-0001-ru-large.pdf`,
with an ASCII fallback for browsers and mail clients that do not read RFC 5987 names
(RFC 6266: `filename="ZhBBM-2026-0001-ru-large.pdf"; filename*=UTF-8''...`).
Before, every form of one register number saved as `0001-kk.pdf` (the number cut at
its "/"), and the large-print file overwrote the standard one."""

import re
import unicodedata
from urllib.parse import quote

# Kazakh and Russian letters in ASCII, for the fallback name only.
_LATIN = str.maketrans(
    {
        "А": "A", "Ә": "A", "Б": "B", "В": "V", "Г": "G", "Ғ": "G", "Д": "D", "Е": "E",
        "Ё": "Yo", "Ж": "Zh", "З": "Z", "И": "I", "Й": "I", "К": "K", "Қ": "Q", "Л": "L",
        "М": "M", "Н": "N", "Ң": "Ng", "О": "O", "Ө": "O", "П": "P", "Р": "R", "С": "S",
        "Т": "T", "У": "U", "Ұ": "U", "Ү": "U", "Ф": "F", "Х": "Kh", "Һ": "H", "Ц": "Ts",
        "Ч": "Ch", "Ш": "Sh", "Щ": "Shch", "Ъ": "", "Ы": "Y", "І": "I", "Ь": "", "Э": "E",
        "Ю": "Yu", "Я": "Ya",
    }
)  # fmt: skip


def download_name(number: str, language: str, variant: str = "standard") -> str:
    """`ЖББМ-2026/0001`, "ru", "large" -> `ЖББМ-2026-0001-ru-large.pdf`."""
    stem = re.sub(r"[^\w-]+", "-", number).strip("-") or "document"
    parts = [stem, language] + (["large"] if variant == "large" else [])
    return "-".join(parts) + ".pdf"


EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def upload_name(original: str, content_type: str) -> str:
    """The name an uploaded file is downloaded under: the uploader's name without its
    extension, with no control or direction characters, ending in the type the upload
    check established. `spravka<U+202E>fdp.exe` (shown as "spravkaexe.pdf") was
    served as `spravkafdp.exe` (#28, finding 9); now it is `spravkafdp.pdf`."""
    visible = "".join(ch for ch in original if unicodedata.category(ch)[0] != "C")
    visible = visible.replace("/", "-").replace("\\", "-").strip(" .")
    stem, dot, extension = visible.rpartition(".")
    if not (dot and stem and extension.isalnum() and len(extension) <= 5):
        stem = visible  # no extension to drop
    stem = stem.strip(" .")[:120] or "file"
    return stem + EXTENSIONS.get(content_type, ".bin")


def ascii_name(name: str) -> str:
    latin = name.upper().translate(_LATIN) if not name.isascii() else name
    # Keep the language code and extension as written (lower case).
    latin = re.sub(r"-(KK|RU|EN)(-LARGE)?\.PDF$", lambda m: m.group(0).lower(), latin)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", latin).strip("-") or "document.pdf"


def content_disposition(name: str) -> str:
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name)}"


def pdf_download(issued, filename: str):
    """The response for an issued form: the stored file while the document is in force,
    a stamped copy ("not in force: ...") once it was withdrawn or replaced."""
    from django.http import FileResponse

    from .rendering import stored_stamped_copy

    entry = issued.register_entry
    if entry.in_force:
        response = FileResponse(issued.file.open("rb"), content_type="application/pdf")
    else:
        copy = stored_stamped_copy(issued)
        response = FileResponse(copy.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return response
