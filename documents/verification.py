"""Is a file the document as it was issued? By its SHA-256 against the stored issued
files of the register entry (the seal check joins this in documents/seal.py)."""

import hashlib
from dataclasses import dataclass

from .models import IssuedFile, RegisterEntry


@dataclass
class FileCheck:
    sha256: str
    issued: IssuedFile | None  # the issued file with this checksum, if any

    @property
    def matches(self) -> bool:
        return self.issued is not None


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def check_file(entry: RegisterEntry, upload, sha256: str) -> FileCheck:
    digest = sha256_of(upload) if upload else sha256
    issued = next((f for f in entry.files.all() if f.sha256 == digest), None)
    return FileCheck(sha256=digest, issued=issued)
