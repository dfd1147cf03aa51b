"""The kinds of document the apps issue on an official form, each registered once by
the app that owns it (from its AppConfig.ready): how to find a student's documents of
that kind, who may download one, its form (template, texts, number series through its
register entry), and how it enters the personal case file. `documents` names none of
them: the download view (documents.views.document_pdf) and the case file
(routes/casefile.py) are written once, over this registry."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: Any  # one document, e.g. "Centre conclusion" (lazy text)
    group: Any  # its bookmark in the case file, e.g. "Centre conclusions"
    position: int  # the group's place in the case file
    url_name: str  # the download URL, with the document's pk
    registered: Callable[[Any], Iterable]  # student -> their registered documents
    title: Callable[[Any], str]  # a document's title, in the language active now
    form: Callable[[Any], Any]  # document -> documents.rendering.Form
    # (request, pk) -> (document, student): raises Http404 or PermissionDenied for
    # anyone who may not download it.
    downloadable: Callable[[Any, int], tuple[Any, Any]]
    students_own: bool = False  # the student and their representatives hold it too
    # Files that came with a document (an application's certificates): enter the case
    # file after it, in the supporting documents' group.
    attachments: Callable[[Any], Iterable] | None = None
    default_language: Callable[[Any], str] | None = None  # else the student's

    def language_of(self, document, student) -> str:
        if self.default_language is not None:
            return self.default_language(document)
        return student.document_language


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(kind: DocumentKind) -> None:
    known = _KINDS.get(kind.code)
    if known is not None and known is not kind:
        raise ImproperlyConfigured(f"Two document kinds named {kind.code!r}.")
    _KINDS[kind.code] = kind


def document_kinds() -> list[DocumentKind]:
    """Every registered kind, in the case file's order."""
    return sorted(_KINDS.values(), key=lambda kind: kind.position)


def document_kind(code: str) -> DocumentKind:
    return _KINDS[code]


@dataclass(frozen=True)
class NumberSeries:
    """A type of registered document and its own series of numbers."""

    code: str
    label: Any  # e.g. "centre conclusion" (lazy text), as the register names it
    pattern: str  # the default numbering, with {year} and {sequence}


_SERIES: dict[str, NumberSeries] = {}


def register_series(code: str, label, pattern: str) -> str:
    """Register a type of document; returns its code, for the app's constant."""
    known = _SERIES.get(code)
    if known is not None and known.pattern != pattern:
        raise ImproperlyConfigured(f"Two number series named {code!r}.")
    _SERIES[code] = NumberSeries(code, label, pattern)
    return code


def number_series(code: str) -> NumberSeries:
    return _SERIES[code]


def series_codes() -> list[str]:
    return list(_SERIES)


def series_choices() -> list[tuple[str, Any]]:
    return [(series.code, series.label) for series in _SERIES.values()]


def series_label(code: str) -> str:
    series = _SERIES.get(code)
    return str(series.label) if series is not None else code
