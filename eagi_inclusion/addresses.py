"""The address of an object's page: `reverse(viewname, args=[pk])`, with the URL
configuration searched once per page name rather than once per link.

Django's `reverse()` looks the name up among every pattern, fills the arguments in and
checks the result against the pattern's expression: 23–30 µs a call, and a home
page links fifty objects (docs/performance.md). Here each name is reversed once, with
a mark in place of the id, and the address of any id is the two halves around the
mark with the id between them: the same string, since a path's `int` converter writes
an id as its decimal digits.

What `reverse()` reads besides the name is part of the memo's key: the URL
configuration of the thread, the script prefix (an app served under a sub-path) and
the language (translated patterns). Anything but a plain id — an unsaved object's
None, a negative number, a string — goes to `reverse()` itself, with its errors.

tests/eagi_inclusion/test_addresses.py compares every object page's address with
`reverse()`'s."""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Reversed in place of an id: a number no row's id reaches (the largest a bigint
# holds), whose digits no path of ours contains, so it is found exactly once.
_MARK = str(2**63 - 1)


@functools.lru_cache(maxsize=256)
def _halves(viewname: str, urlconf, prefix: str, language: str | None) -> tuple[str, str]:
    address = reverse(viewname, urlconf=urlconf, args=[_MARK])
    head, mark, tail = address.partition(_MARK)
    if not mark or _MARK in tail:
        raise ValueError(f"{viewname!r} does not take an id as its one argument")
    return head, tail


def object_url(viewname: str, pk) -> str:
    """`reverse(viewname, args=[pk])` for the page of the object with id `pk`."""
    if type(pk) is not int or pk < 0:
        return reverse(viewname, args=[pk])
    head, tail = _halves(viewname, get_urlconf(), get_script_prefix(), get_language())
    return f"{head}{pk}{tail}"
