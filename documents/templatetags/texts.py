"""`{% text obj "field" as value %}`: a typed text in the language the form is being
rendered in (documents/texts.py); the form's `text_language` is in the context."""

from django import template
from django.utils.translation import get_language

from ..texts import text_in

register = template.Library()


@register.simple_tag(takes_context=True)
def text(context, obj, field):
    if obj is None:
        return ""
    primary = context.get("text_language") or get_language()
    return text_in(obj, field, (get_language() or "kk")[:2], primary)


@register.simple_tag(takes_context=True)
def signer(context, doc_type, default=""):
    """The position that signs this kind of document, from the institution's record
    (documents.models.Institution.signers), in the form's language."""
    institution = context.get("institution")
    return institution.signer(doc_type, str(default)) if institution else str(default)


@register.filter
def addressee(person) -> str:
    """`{{ head|addressee }}`: the person as a letter's addressee, in the dative of
    the language the form is rendered in (documents/declension.py): any object with
    last_name, first_name, patronymic and, for Russian, full_name_ru."""
    from ..declension import addressee as dative

    if person is None:
        return ""
    language = (get_language() or "kk")[:2]
    parts = [person.last_name, person.first_name, getattr(person, "patronymic", "")]
    russian = getattr(person, "full_name_ru", "")
    if language == "ru" and russian:
        split = russian.split()
        parts = (
            (split + ["", "", ""])[:3]
            if len(split) <= 3
            else [split[0], split[1], " ".join(split[2:])]
        )
    if not parts[0]:
        return person.get_full_name() if hasattr(person, "get_full_name") else str(person)
    return dative(*parts, language)
