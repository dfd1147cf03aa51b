"""Is a file the document as it was issued? By its SHA-256 against the stored issued
files of the register entry, and by the institution's seal (documents/seal.py): a
stamped copy given after the document stopped being in force is not byte-identical
to the stored original but carries an intact seal of its own."""

import hashlib
import io
from dataclasses import dataclass

from .models import IssuedFile, RegisterEntry
from .seal import SealCheck, check_seal


@dataclass
class FileCheck:
    sha256: str
    issued: IssuedFile | None  # the issued file with this checksum, if any
    seal: SealCheck | None = None  # only for a file, not for a pasted checksum
    of_this_entry: bool = False  # the file's text carries this entry's code

    @property
    def matches(self) -> bool:
        return self.issued is not None

    @property
    def sealed_copy(self) -> bool:
        """Not the stored file, but sealed by the institution, unchanged since, and
        printed with this document's code: e.g. the stamped copy of a withdrawn one."""
        return not self.matches and bool(self.seal and self.seal.valid) and self.of_this_entry


def check_file(entry: RegisterEntry, upload, sha256: str) -> FileCheck:
    if not upload:
        issued = next((f for f in entry.files.all() if f.sha256 == sha256), None)
        return FileCheck(sha256=sha256, issued=issued)
    data = b"".join(upload.chunks())
    digest = hashlib.sha256(data).hexdigest()
    issued = next((f for f in entry.files.all() if f.sha256 == digest), None)
    return FileCheck(
        sha256=digest,
        issued=issued,
        seal=check_seal(data),
        of_this_entry=_carries_code(data, entry.verification_code),
    )


def _carries_code(data: bytes, code: str | None) -> bool:
    from pypdf import PdfReader

    if not code:
        return False
    try:
        reader = PdfReader(io.BytesIO(data))
        return any(code in "".join((page.extract_text() or "").split()) for page in reader.pages)
    except Exception:  # noqa: BLE001 - not a readable PDF: it does not carry the code
        return False
