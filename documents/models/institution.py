"""The institution's own record: names, logo, register patterns."""

import io
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..kinds import series_codes


def _translated(obj, stem: str, language: str | None = None) -> str:
    from django.utils.translation import get_language

    language = (language or get_language() or "kk")[:2]
    return getattr(obj, f"{stem}_{language}", "") or getattr(obj, f"{stem}_kk", "")


# A register number pattern: text with {year} and {sequence} (or {sequence:04d}, width
# 1 to 9) — nothing else in braces. Python's format() did more: an attribute lookup
# ({sequence.__class__.__init__.__globals__}) was a 500, and {sequence:>5000} was
# accepted for a 40-character column (#28, finding 7).
PLACEHOLDER = re.compile(r"\{(year|sequence)(?::0([1-9])d)?\}")
NUMBER_MAX_LENGTH = 40


def pattern_problem(pattern: str) -> str | None:
    """Why the pattern is not of the grammar, or None."""
    if not isinstance(pattern, str):
        return _("A pattern is text.")
    rest = PLACEHOLDER.sub("", pattern)
    if "{" in rest or "}" in rest:
        return _("Only {year}, {sequence} and {sequence:04d} may stand in braces.")
    if not any(m.group(1) == "sequence" for m in PLACEHOLDER.finditer(pattern)):
        return _("The pattern needs {sequence}.")
    if len(render_number(pattern, year=9999, sequence=999_999_999)) > NUMBER_MAX_LENGTH:
        return _("The longest number this pattern makes is over %(count)s characters.") % {
            "count": NUMBER_MAX_LENGTH
        }
    return None


def render_number(pattern: str, *, year: int, sequence: int) -> str:
    def value(match):
        number = year if match.group(1) == "year" else sequence
        return str(number).zfill(int(match.group(2) or 0))

    return PLACEHOLDER.sub(value, pattern)


LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": ("PNG", "image/png"), b"\xff\xd8\xff": ("JPEG", "image/jpeg")}


def logo_type(data: bytes) -> str | None:
    """The logo's type read from its bytes, not its name: an SVG (or anything else)
    named `.png` was drawn on every form (#28, finding 11)."""
    for magic, (_format, kind) in LOGO_TYPES.items():
        if data.startswith(magic):
            return kind
    return None


def validate_logo(upload) -> None:
    """A PNG or JPEG that Pillow opens as such, at most 256 KB."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    data = upload.read(256 * 1024 + 1)
    upload.seek(0)
    if len(data) > 256 * 1024:
        raise ValidationError(_("The logo is larger than 256 KB."))
    kind = logo_type(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        image_format = None
    expected = {kind for _magic, (fmt, kind) in LOGO_TYPES.items() if fmt == image_format}
    if kind is None or kind not in expected:
        raise ValidationError(_("The logo must be a PNG or JPEG image."))


def validate_ecp_policy(value) -> None:
    from ..ecp import DECISIONS, POLICIES

    if not isinstance(value, dict):
        raise ValidationError(_('Write it as {"decision": "required"}.'))
    for decision, chosen in value.items():
        if decision not in DECISIONS:
            raise ValidationError(
                _("%(decision)s is not a decision that can be signed; these can: %(known)s.")
                % {"decision": decision, "known": ", ".join(DECISIONS)}
            )
        if chosen not in POLICIES:
            raise ValidationError(
                _('Each decision is "required", "allowed" or "click", not %(value)s.')
                % {"value": chosen}
            )


class Institution(models.Model):
    """The institution that runs the system: its names, address, contacts, BIN, logo,
    the patterns of its register numbers and the positions that sign each kind of
    document. One record, edited in the admin; every form, page and the consent text
    read it (`Institution.current()`), so another university runs the system without
    editing a template."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=300)
    name_ru = models.CharField(_("name in Russian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    centre_kk = models.CharField(_("centre's name in Kazakh"), max_length=300)
    centre_ru = models.CharField(_("centre's name in Russian"), max_length=300)
    centre_en = models.CharField(_("centre's name in English"), max_length=300, blank=True)
    address_kk = models.CharField(_("address in Kazakh"), max_length=300, blank=True)
    address_ru = models.CharField(_("address in Russian"), max_length=300, blank=True)
    address_en = models.CharField(_("address in English"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^\d{12}$", _("A business identification number is 12 digits."))
        ],
        help_text=_("Business identification number (БСН / БИН), 12 digits."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="institution/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo],
        help_text=_("PNG or JPEG, at most 256 KB; printed at the top of every form."),
    )
    register_patterns = models.JSONField(
        _("register number patterns"),
        default=dict,
        blank=True,
        help_text=_(
            'By document type, with {year} and {sequence}, e.g. {"route": '
            '"ЖББМ-{year}/{sequence:04d}"}. Types not listed keep the default pattern.'
        ),
    )
    signers = models.JSONField(
        _("signing positions"),
        default=dict,
        blank=True,
        help_text=_(
            "By document type and language, the position printed at its signature, e.g. "
            '{"conclusion": {"kk": "ИББҚО басшысы", "ru": "Руководитель ЦПИО"}}.'
        ),
    )
    complaints_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_active": True},
        verbose_name=_("person who handles reports of mistreatment"),
        help_text=_(
            "A student may address a report of discrimination or unethical treatment to "
            "this person instead of the head of the centre (for example when it is about "
            "the centre): a vice-rector or the ethics commissioner. Empty: every report "
            "goes to the head of the centre."
        ),
    )

    # Which decisions need the acting person's ЭЦП ("required"), may carry it
    # ("allowed") or stay a click (absent, or "click"): documents/ecp.py, DECISIONS.
    ecp_policy = models.JSONField(
        _("decisions signed with ЭЦП"),
        default=dict,
        blank=True,
        validators=[validate_ecp_policy],
        help_text=_(
            'By decision, one of {"required", "allowed", "click"}, e.g. {"route_approve": '
            '"required"}. Decisions not listed stay a click. Takes effect once the '
            "national certification centre's certificates are configured (ECP_TRUST_ROOTS)."
        ),
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institution")

    def __str__(self) -> str:
        return self.name

    CACHE_KEY = "documents:institution"

    def clean(self):

        errors = {}
        patterns = self.register_patterns or {}
        if not isinstance(patterns, dict):
            errors["register_patterns"] = _("A mapping of document type to pattern.")
        else:
            numbers = set()
            for doc_type, pattern in patterns.items():
                if doc_type not in series_codes():
                    errors["register_patterns"] = _("Unknown document type: %(type)s.") % {
                        "type": doc_type
                    }
                    break
                problem = pattern_problem(pattern)
                if problem is not None:
                    errors["register_patterns"] = f"{problem} ({pattern})"
                    break
                number = render_number(pattern, year=2026, sequence=1)
                if number in numbers:
                    errors["register_patterns"] = _(
                        "Each pattern needs {sequence} (and may use {year}), and two types "
                        "cannot share one: %(pattern)s."
                    ) % {"pattern": pattern}
                    break
                numbers.add(number)
        signers = self.signers or {}
        if not isinstance(signers, dict) or not all(
            isinstance(v, dict) and all(isinstance(t, str) for t in v.values())
            for v in signers.values()
        ):
            errors["signers"] = _('A mapping such as {"conclusion": {"kk": "...", "ru": "..."}}.')
        if errors:
            raise ValidationError(errors)

    @classmethod
    def current(cls) -> "Institution":
        """The institution's record (cached; cleared when it is saved)."""
        from django.core.cache import cache
        from django.db import DatabaseError

        found = cache.get(cls.CACHE_KEY)
        if found is None:
            try:
                found = cls.objects.order_by("pk").first() or cls.default()
            except DatabaseError:  # an error page while the database is away
                return cls.default()
            cache.set(cls.CACHE_KEY, found, 300)
        return found

    @classmethod
    def default(cls) -> "Institution":
        """The Institute the system was written for, before a record exists."""
        return cls(
            name_kk="А. Құсайынов атындағы Еуразиялық гуманитарлық институт",
            name_ru="Евразийский гуманитарный институт имени А. Кусаинова",
            name_en="A. Kussainov Eurasian Humanitarian Institute",
            centre_kk="Инклюзивті білім беруді қолдау орталығы",
            centre_ru="Центр поддержки инклюзивного образования",
            centre_en="Inclusive Education Support Centre",
            address_kk="Астана қ.",
            address_ru="г. Астана",
            address_en="Astana",
        )

    @property
    def name(self) -> str:
        return _translated(self, "name")

    @property
    def centre(self) -> str:
        return _translated(self, "centre")

    @property
    def address(self) -> str:
        return _translated(self, "address")

    def signer(self, doc_type: str, default: str = "") -> str:
        from django.utils.translation import get_language

        by_language = (self.signers or {}).get(doc_type) or {}
        return by_language.get((get_language() or "kk")[:2]) or by_language.get("kk") or default

    def logo_data_uri(self) -> str:
        """The logo as a data: URL for the forms (their fetcher reads nothing else)."""
        import base64

        if not self.logo:
            return ""
        try:
            with self.logo.open("rb") as handle:
                data = handle.read(256 * 1024 + 1)
        except OSError:
            return ""
        if len(data) > 256 * 1024:
            return ""
        kind = logo_type(data)
        if kind is None:
            return ""  # not what its name says (a file stored before the check): not drawn
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"
