"""A choice's label, as a model's `get_FOO_display()` gives it, for the fields that
every list shows (an application's, a route's status).

Django's own `get_FOO_display()` makes a dictionary of the field's choices on each
call, hashing every label, and hashing a lazily translated label translates it: an
application's status, of ten choices, cost ten translations to show one (38 µs against
3 µs, ten times on a specialist's home, docs/performance.md). The enumeration finds the
value's member directly; a value that is not a choice is shown as it is, as Django
shows it. Django documents overriding `get_FOO_display()` on a model.

tests/eagi_inclusion/test_choices.py compares it with Django's for every value in
every language."""

from django.db.models import Choices


def choice_label(choices: type[Choices], value):
    """The label of `value` among `choices`, translated now; `value` itself if it is
    not one of them."""
    try:
        member = choices(value)
    except ValueError:
        return value
    return str(member.label)
