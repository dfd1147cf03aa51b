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
