"""Validators for identity data of the Republic of Kazakhstan."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS_FIRST = range(1, 12)
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# The seventh digit of an IIN gives the century of birth (and sex): 1-2 → 1800s,
# 3-4 → 1900s, 5-6 → 2000s. 0 is used for some foreign citizens: no century known.
_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def iin_check_digit(first_eleven: str) -> int | None:
    """The control digit of an IIN, or None when no valid digit exists for these eleven."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, _WEIGHTS_SECOND, strict=True)) % 11
        if total == 10:
            return None
    return total


def iin_birth_date(iin: str) -> datetime.date | None:
    """The date of birth an IIN encodes, or None when its century digit gives none."""
    century = _CENTURY.get(iin[6])
    if century is None:
        return None
    try:
        return datetime.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def validate_iin(value: str) -> None:
    """An individual identification number: 12 digits, a real date, a correct check digit."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("An IIN consists of exactly 12 digits."), code="iin_format")
    month, day = int(value[2:4]), int(value[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValidationError(
            _("The first six digits of an IIN are the date of birth (YYMMDD)."),
            code="iin_date",
        )
    if value[6] in _CENTURY and iin_birth_date(value) is None:
        raise ValidationError(
            _("The first six digits of an IIN are the date of birth (YYMMDD)."),
            code="iin_date",
        )
    if iin_check_digit(value[:11]) != int(value[11]):
        raise ValidationError(
            _("This IIN is not valid: its check digit does not match. Check it for a typo."),
            code="iin_checksum",
        )
