"""Official forms as PDF: one rendering function, a fetcher that reads only the
project's own static files, and issued files stored once with their SHA-256.

WeasyPrint's default fetcher would read any local file and make network requests
for URLs in the HTML; a form carries user-entered text, so nothing but our own
fonts and images may ever be fetched."""

import atexit
import hashlib
import logging
import mimetypes
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import CaseFileCopy, Institution, IssuedFile, StampedCopy
from .seal import demo_seal_in_use, seal_pdf
from .texts import MissingTexts, missing

logger = logging.getLogger(__name__)

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
MAX_DATA_URL = 512 * 1024


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves files under static/ and small data: URLs; refuses everything else
        (http, https, ftp, file outside static/, oversized data)."""

        def __init__(self):
            super().__init__(allowed_protocols=set(), timeout=1, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                if len(url) > MAX_DATA_URL:
                    return self._refuse(url)
                from urllib.request import urlopen

                # urlopen on a data: URL decodes it in memory: no I/O of any kind.
                with urlopen(url) as response:  # noqa: S310 - scheme checked above
                    return URLFetcherResponse(url, response.read(), dict(response.headers))
            parsed = urlparse(url)
            if parsed.scheme == "file" and not parsed.netloc:
                path = Path(unquote(parsed.path)).resolve()
                if path.is_file() and path.is_relative_to(STATIC_DIR):
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, path.read_bytes(), {"Content-Type": content_type}
                    )
            return self._refuse(url)

        def _refuse(self, url):
            self.refused.append(url)
            logger.warning("Refused to fetch %s while rendering a form", url[:200])
            raise ValueError(f"Fetching is not allowed: {url[:200]}")

    return StaticOnlyFetcher


_fonts = threading.local()
_font_configs = weakref.WeakSet()


def _font_config():
    """WeasyPrint's fonts, one configuration a thread, kept while the thread lives (a
    worker's, for the process): a new one for every form loaded fontconfig's
    configuration, the system's fonts and our @font-face files again, 26 ms of a
    150 ms route form. The PDF is the same, byte for byte
    (tests/documents/test_rendering.py). Only our templates declare @font-face, so what
    one form adds is what every form uses."""
    config = getattr(_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _fonts.config = FontConfiguration()
        _font_configs.add(config)
    return config


@atexit.register
def _remove_font_copies():
    """A configuration keeps copies of the font files in a temporary folder, which
    WeasyPrint removes when the configuration is collected (a thread's, when the thread
    ends); those still alive at exit, here."""
    for config in list(_font_configs):
        config.__del__()


def _weasyprint(html: str):
    """WeasyPrint's document for our HTML, reading only through the static-only
    fetcher; returns it with the fetcher (which lists what it refused)."""
    from weasyprint import HTML

    fetcher = _fetcher_class()()
    return HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher), fetcher


def render_document(html: str):
    """Lay out HTML; the caller writes the PDF (as PDF/UA-1) once it has read what it
    needs, e.g. the number of pages."""
    return _weasyprint(html)[0].render(font_config=_font_config())


def html_to_pdf(html: str) -> tuple[bytes, list[str]]:
    """Render HTML to a tagged PDF (PDF/UA-1); returns the PDF and refused URLs."""
    document, fetcher = _weasyprint(html)
    return document.write_pdf(pdf_variant="pdf/ua-1", font_config=_font_config()), fetcher.refused


def form_html(*, template: str, context: dict, language: str, variant: str = "standard") -> str:
    """The HTML of a form in one language, in the standard or the large-print variant."""
    with translation.override(language):
        return render_to_string(
            template,
            {
                "institution": Institution.current(),
                **context,
                "language": language,
                "large_print": variant == IssuedFile.Variant.LARGE,
                "demo_seal": demo_seal_in_use(),
            },
        )


def render_pdf(*, template: str, context: dict, language: str, variant: str = "standard") -> bytes:
    """Render a form in one language (Kazakh or Russian record-keeping: one language
    a document), in the standard or the large-print variant."""
    html = form_html(template=template, context=context, language=language, variant=variant)
    pdf, _refused = html_to_pdf(html)
    return pdf


@dataclass
class Form:
    """One registered document on its official form: `<app>/pdf/<kind>.html` standing
    alone, `<app>/pdf/parts/<kind>.html` inside the case file — each app keeps the
    templates of its own forms (they extend `documents/pdf/base.html`)."""

    kind: str
    entry: object
    context: dict
    # The texts people typed that the form prints (documents/texts.py), and the
    # language they were typed in.
    texts: list = field(default_factory=list)
    text_language: str = "kk"
    pk: int | None = None
    texts_kind: str = ""  # whose texts page adds them (a letter's are its route's)
    app: str = "documents"  # whose templates folder holds the form

    @property
    def template(self) -> str:
        return f"{self.app}/pdf/{self.kind}.html"

    @property
    def part(self) -> str:
        return f"{self.app}/pdf/parts/{self.kind}.html"


def issue(form: Form, *, actor, language: str, variant: str = "standard") -> "IssuedFile":
    """The issued PDF of the form in `language`; refused (MissingTexts) while a text
    it prints has no version in that language."""
    require_texts(form, language)
    return issued_pdf(
        entry=form.entry,
        template=form.template,
        context=form_context(form, language),
        language=language,
        variant=variant,
        actor=actor,
    )


def require_texts(form: Form, language: str) -> None:
    gaps = missing(form.texts, language, form.text_language)
    if gaps:
        raise MissingTexts(
            language, [str(t.label) for t in gaps], form.texts_kind or form.kind, form.pk
        )


def form_context(form: Form, language: str) -> dict:
    return {**form.context, "entry": form.entry, "text_language": form.text_language}


def verification_for(entry) -> dict | None:
    """The code, the address and a QR code (SVG data URI) printed on a form."""
    if not entry.verification_code:
        return None
    return verification_for_code(entry.verification_code)


def verification_for_code(code: str) -> dict:
    import segno
    from django.urls import reverse

    url = settings.SITE_URL + reverse("documents:verify", args=[code])
    return {
        "code": code,
        "url": url,
        "qr": segno.make(url, error="m").svg_data_uri(scale=3, border=1),
    }


def case_file_copy_start(*, student, actor, language: str, variant: str) -> CaseFileCopy:
    """The record of a case file about to be put together: its verification code is
    printed on its contents page (#28, finding 12)."""
    from .register import new_verification_code

    return CaseFileCopy.objects.create(
        verification_code=new_verification_code(),
        student=student,
        made_by=actor,
        language=language,
        variant=variant,
    )


def case_file_copy_seal(copy: CaseFileCopy, pdf: bytes, numbers: list[str]) -> bytes:
    """Seal the case file, and record its checksum and the registered documents in it
    (by their register numbers) for its public verification page."""
    from .models import RegisterEntry

    sealed = seal_pdf(pdf, reason=copy.verification_code)
    copy.sha256, copy.size = hashlib.sha256(sealed).hexdigest(), len(sealed)
    copy.save(update_fields=["sha256", "size"])
    copy.entries.set(RegisterEntry.objects.filter(number__in=numbers))
    return sealed


def issued_pdf(
    *, entry, template: str, context: dict, language: str, variant: str, actor
) -> IssuedFile:
    """The PDF of a registered document, rendered once and then kept: a second call
    returns the stored file, never a silently regenerated one."""
    existing = IssuedFile.objects.filter(
        register_entry=entry, language=language, variant=variant
    ).first()
    if existing is not None:
        existing.register_entry = entry
        return existing
    context = {**context, "verification": verification_for(entry)}
    pdf = seal_pdf(
        render_pdf(template=template, context=context, language=language, variant=variant),
        reason=entry.number,
    )
    issued = IssuedFile(register_entry=entry, language=language, variant=variant, created_by=actor)
    return _store_once(
        issued,
        pdf,
        IssuedFile.objects.filter(register_entry=entry, language=language, variant=variant),
    )


def _store_once(row, pdf: bytes, same):
    """Save `row` with `pdf` as its file, or — when two first downloads ran at once and
    the other stored it (`same`, the query for it, finds it) — that one, removing ours."""
    digest = hashlib.sha256(pdf).hexdigest()
    row.sha256, row.size = digest, len(pdf)
    try:
        with transaction.atomic():
            row.file.save(f"{digest[:16]}.pdf", ContentFile(pdf), save=False)
            row.save()
    except Exception:
        if row.file.name:
            row.file.storage.delete(row.file.name)
        existing = same.first()
        if existing is None:
            raise
        return existing
    return row


# How to rebuild the Form of a registered document from its register entry, by
# document type: each app that issues a kind registers its own in AppConfig.ready()
# (documents knows no app above it).
FORM_LOADERS: dict[str, Callable[[object], Form]] = {}


def register_form_loader(doc_type: str, loader) -> None:
    FORM_LOADERS[doc_type] = loader


def stamped_copy(issued: IssuedFile) -> bytes:
    """A copy of an issued form once it is no longer in force: the same form rendered
    from the same records, with its status as real, tagged text in the form's language
    -- a banner above the first page's content and a line in each page's header, where
    they cover nothing (#28, finding 14: an untagged overlay covered the institute's
    name and headings in large print). Sealed anew; the stored original is untouched."""
    entry = issued.register_entry
    form = FORM_LOADERS[entry.doc_type](entry)
    context = {
        **form_context(form, issued.language),
        "verification": verification_for(entry),
        "not_in_force": True,
    }
    pdf = render_pdf(
        template=form.template, context=context, language=issued.language, variant=issued.variant
    )
    return seal_pdf(pdf, reason=entry.number)


def stored_stamped_copy(issued: IssuedFile) -> StampedCopy:
    """The stamped copy of an issued file for its entry's present status: made on the
    first download after the status changed, then the same stored file every time."""
    entry = issued.register_entry
    key = StampedCopy.key_for(entry)
    existing = StampedCopy.objects.filter(issued_file=issued, status_key=key).first()
    if existing is not None:
        return existing
    pdf = stamped_copy(issued)
    return _store_once(
        StampedCopy(issued_file=issued, status_key=key),
        pdf,
        StampedCopy.objects.filter(issued_file=issued, status_key=key),
    )
