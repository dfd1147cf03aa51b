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
