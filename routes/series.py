"""The types of document this app registers, each with its own number series
(documents/kinds.py; the institution may change a pattern in the admin)."""

from django.utils.translation import gettext_lazy as _

from documents.kinds import register_series

CONCLUSION = register_series("conclusion", _("centre conclusion"), "ИББҚО-{year}/{sequence:04d}")
ROUTE = register_series("route", _("individual education route"), "ЖББМ-{year}/{sequence:04d}")
PROTOCOL = register_series("protocol", _("team meeting protocol"), "ПКХ-{year}/{sequence:04d}")
LETTER = register_series("letter", _("teacher notification letter"), "ХАТ-{year}/{sequence:04d}")
