"""Is a file the document as it was issued? Only by its SHA-256, against the files the
server itself issued for this register entry: each language and print size, and each
stamped copy given out after the document stopped being in force (stored once per
status, documents.models.StampedCopy). Nothing a user can type into a document — its
text, a printed code — and no valid seal on some other file makes the page vouch for
it (#28, finding 2: a sealed application whose typed text carried a route's code was
called "a copy of this document"). One pass of SHA-256 over the upload, whatever its
content: no text is extracted, no PDF parsed."""

import hashlib
from dataclasses import dataclass

from .models import IssuedFile, RegisterEntry, StampedCopy


@dataclass
class FileCheck:
    sha256: str
    issued: IssuedFile | None  # the issued file with this checksum, if any
    stamped: StampedCopy | None = None  # or the stamped copy with it

    @property
    def matches(self) -> bool:
        return self.issued is not None

    @property
    def stamped_copy(self) -> bool:
        return self.stamped is not None


def checksum(upload, sha256: str) -> str:
    """The SHA-256 of the upload, or the one pasted."""
    if upload:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        return digest.hexdigest()
    return sha256


def check_file(entry: RegisterEntry, upload, sha256: str) -> FileCheck:
    sha256 = checksum(upload, sha256)
    issued = next((f for f in entry.files.all() if f.sha256 == sha256), None)
    if issued is not None:
        return FileCheck(sha256=sha256, issued=issued)
    stamped = (
        StampedCopy.objects.filter(issued_file__register_entry=entry, sha256=sha256)
        .select_related("issued_file")
        .first()
    )
    return FileCheck(sha256=sha256, issued=None, stamped=stamped)
