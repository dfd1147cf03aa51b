"""The institution's record on every page (documents.models.Institution), read from
the cache only by pages that print it."""

from django.utils.functional import SimpleLazyObject

from .models import Institution


def institution(request):
    return {"institution": SimpleLazyObject(Institution.current)}
