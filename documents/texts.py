"""Free text people type, kept per language (#18). A document's text fields hold the
text in its `text_language` (the student's document language when it was started);
`translations` holds the same texts in the other language: {"ru": {"field": "text"}}.
A form is issued in a language only when every text it prints exists in that language:
otherwise `MissingTexts` names the texts, never a silent mix of two languages.

Which texts a form prints, and who may add the other language, each app registers
here (`register_translatable`), so this module knows no app."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from eagi_inclusion.errors import DomainError

LANGUAGES = ("kk", "ru")


class MissingTexts(DomainError):
    status = 409

    def __init__(self, language: str, labels: list[str], kind: str, pk: int):
        from django.urls import reverse

        self.language, self.labels, self.kind, self.pk = language, labels, kind, pk
        self.link = (
            reverse("documents:texts-edit", args=[kind, pk, language]),
            _("Write the texts in %(language)s") % {"language": language_name(language)},
        )
        super().__init__(
            _(
                "This document cannot be issued in %(language)s: these texts are not "
                "written in %(language)s yet: %(texts)s."
            )
            % {"language": language_name(language), "texts": "; ".join(labels)}
        )


def language_name(language: str) -> str:
    return {"kk": _("Kazakh"), "ru": _("Russian")}.get(language, language)


def other_language(language: str) -> str:
    return "ru" if language == "kk" else "kk"


def text_in(obj, field: str, language: str, primary: str) -> str:
    if language == primary:
        return getattr(obj, field) or ""
    return ((obj.translations or {}).get(language) or {}).get(field, "") or ""


@dataclass
class Text:
    """One text a form prints: its label (for people), the row and the field."""

    label: str
    obj: object
    field: str

    @property
    def original(self) -> str:
        return getattr(self.obj, self.field) or ""

    def key(self) -> str:
        return f"{self.obj._meta.label_lower}.{self.obj.pk}.{self.field}"


def missing(texts: list[Text], language: str, primary: str) -> list[Text]:
    """The texts with an original but nothing in `language`."""
    if language == primary:
        return []
    return [
        t
        for t in texts
        if t.original.strip() and not text_in(t.obj, t.field, language, primary).strip()
    ]


def ready_languages(texts: list[Text], primary: str) -> list[str]:
    """The languages a form can be issued in now: its own, and any whose texts are all
    written (a link to another would end in the 409 of MissingTexts)."""
    return [language for language in LANGUAGES if not missing(texts, language, primary)]


def drop_stale(obj, new_values: dict) -> None:
    """A changed original makes its other-language text stale: drop it, so that the
    form is refused in that language until someone writes it again."""
    translations = obj.translations or {}
    for language in list(translations):
        for field, value in new_values.items():
            if field in translations[language] and getattr(obj, field) != value:
                del translations[language][field]
        if not translations[language]:
            del translations[language]
    obj.translations = translations


@dataclass
class Translatable:
    """How the texts page finds one kind of document: `load(request, pk)` returns it
    (or raises PermissionDenied / Http404: only the centre's staff on the case),
    `form(document)` its documents.rendering.Form, `url(document)` its page."""

    load: Callable
    form: Callable
    url: Callable


TRANSLATABLE: dict[str, Translatable] = {}


def register_translatable(kind: str, translatable: Translatable) -> None:
    TRANSLATABLE[kind] = translatable


class TextsFrozen(DomainError):
    pass


def save_translations(form, language: str, values: dict[str, str], *, issued: bool) -> int:
    """Write the texts of `form` (a documents.rendering.Form) in `language`:
    `values` maps Text.key() to the text; an empty value removes it. Refused once a
    file in that language was issued: what was issued is not rewritten."""
    from django.db import transaction

    if language == form.text_language or language not in LANGUAGES:
        raise TextsFrozen(_("The texts are written in this language already."))
    if issued:
        raise TextsFrozen(
            _("The document was issued in %(language)s: its texts can no longer change.")
            % {"language": language_name(language)}
        )
    changed = 0
    with transaction.atomic():
        rows = {}
        for text in form.texts:
            if text.key() not in values:
                continue
            row = rows.setdefault(text.key().rsplit(".", 1)[0], _locked(text.obj))
            translations = row.translations or {}
            current = (translations.get(language) or {}).get(text.field, "")
            value = values[text.key()].strip()
            if value == current:
                continue
            if value:
                translations.setdefault(language, {})[text.field] = value
            else:
                translations.get(language, {}).pop(text.field, None)
            row.translations = translations
            row._texts_changed = True
            changed += 1
        for row in rows.values():
            if getattr(row, "_texts_changed", False):
                row.save(update_fields=["translations"])
    return changed


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)
