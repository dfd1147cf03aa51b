"""The types of document this app registers, each with its own number series
(documents/kinds.py; the institution may change a pattern in the admin)."""

from django.utils.translation import gettext_lazy as _

from documents.kinds import register_series

APPLICATION = register_series("application", _("application"), "ӨТ-{year}/{sequence:04d}")
DISPOSAL = register_series(
    "disposal", _("act of destruction of personal data"), "ЖОЮ-{year}/{sequence:04d}"
)
