"""Infrastructure every app uses. Knows nothing of routes or applications: they
call it with their own data. The student is referred to by a string foreign key."""

import io
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only log."""


class AccessEvent(models.Model):
    """One read (or export) of personal data, by whom, when, from where, and why.

    Append-only: the application has no path to change or delete a row, and on
    PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE outright.
    """

    class Action(models.TextChoices):
        CASE_VIEW = "case.view", _("opened the case")
        HEALTH_VIEW = "health.view", _("viewed the health profile")
        APPLICATION_VIEW = "application.view", _("opened an application")
        FILE_DOWNLOAD = "file.download", _("downloaded a file")
        EMERGENCY = "emergency.access", _("opened the case in an emergency")
        SUPERUSER_SIGN_IN = "superuser.sign_in", _("signed in as a superuser")
        ACCESS_GRANTED = "access.granted", _("confirmed access to the record")

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    role = models.CharField(_("role"), max_length=100, blank=True)
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("student"),
    )
    object_type = models.CharField(_("kind of record"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access log")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["student", "-occurred_at"], name="access_student_time"),
            models.Index(fields=["actor", "-occurred_at"], name="access_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Access events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access events are never deleted.")


class DocumentType(models.TextChoices):
    APPLICATION = "application", _("application")
    CONCLUSION = "conclusion", _("centre conclusion")
    ROUTE = "route", _("individual education route")
    PROTOCOL = "protocol", _("team meeting protocol")
    LETTER = "letter", _("teacher notification letter")
    DISCLOSURE = "disclosure", _("disclosure to a third party")
    DISPOSAL = "disposal", _("act of destruction of personal data")


class RegisterCounter(models.Model):
    """The last number issued for a document type in a year. Its row is locked
    (SELECT ... FOR UPDATE) while a number is issued, in the same transaction as the
    document, so numbers are gapless and never repeat."""

    doc_type = models.CharField(max_length=20, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "year"], name="register_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year}: {self.last_number}"


class RegisterEntry(models.Model):
    """One registered document of the unified register."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered, in force")
        SUPERSEDED = "superseded", _("replaced by a newer version")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DESTROYED = "destroyed", _("content destroyed after retention")

    number = models.CharField(_("registration number"), max_length=40, unique=True)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    registered_at = models.DateTimeField(_("registration date"))
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("student"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    language = models.CharField(_("language"), max_length=2)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    # The newer document that replaced this one (status SUPERSEDED), and when the
    # status last changed: both are shown on the public verification page.
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    # Printed with a QR code on the form; opens the verification page.
    verification_code = models.CharField(
        _("verification code"), max_length=12, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "year", "sequence"], name="register_entry_sequence_unique"
            )
        ]
        indexes = [
            models.Index(fields=["doc_type", "-registered_at"], name="register_type_date"),
            # The register lists newest first across all types.
            models.Index(fields=["-registered_at", "-id"], name="register_date"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def in_force(self) -> bool:
        return self.status == self.Status.REGISTERED


def _issued_path(instance, filename):
    return f"issued/{instance.register_entry.year}/{uuid.uuid4().hex}.pdf"


class IssuedFile(models.Model):
    """The PDF of a registered document in one language and variant. Written once:
    the application has no path that replaces `file`; a corrected document is a new
    register entry with files of its own."""

    class Variant(models.TextChoices):
        STANDARD = "standard", _("standard")
        LARGE = "large", _("large print")

    register_entry = models.ForeignKey(
        RegisterEntry, on_delete=models.PROTECT, related_name="files"
    )
    language = models.CharField(_("language"), max_length=2)
    variant = models.CharField(
        _("variant"), max_length=10, choices=Variant.choices, default=Variant.STANDARD
    )
    file = models.FileField(upload_to=_issued_path)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued file")
        verbose_name_plural = _("issued files")
        constraints = [
            models.UniqueConstraint(
                fields=["register_entry", "language", "variant"], name="issued_file_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.register_entry} {self.language} {self.variant}"


def _stamped_path(instance, filename):
    return f"issued/{instance.issued_file.register_entry.year}/stamped-{uuid.uuid4().hex}.pdf"


class StampedCopy(models.Model):
    """An issued file as given out once its document is no longer in force: the
    status ("withdrawn", "replaced by № …") stamped on every page, sealed anew. Made
    once per status and stored, so that every download of it is the same file and its
    checksum is one the server issued for the entry: the public verification page
    vouches only for these and the issued files (#28, finding 2)."""

    issued_file = models.ForeignKey(
        IssuedFile, on_delete=models.CASCADE, related_name="stamped_copies"
    )
    # The status it shows: the entry's status and, when replaced, by which entry.
    status_key = models.CharField(max_length=40)
    file = models.FileField(upload_to=_stamped_path)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stamped copy")
        verbose_name_plural = _("stamped copies")
        constraints = [
            models.UniqueConstraint(
                fields=["issued_file", "status_key"], name="stamped_copy_once_per_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issued_file} ({self.status_key})"

    @staticmethod
    def key_for(entry) -> str:
        return f"{entry.status}:{entry.superseded_by_id or ''}"


class CaseFileCopy(models.Model):
    """A personal case file as given out: sealed, with a verification code of its own
    whose public page lists the registered documents it holds (number, date, status)
    and checks a file against its checksum (#28, finding 12). The file itself is kept
    only CASE_FILE_KEEP_MINUTES (routes.CaseFileJob); this record stays."""

    verification_code = models.CharField(_("verification code"), max_length=12, unique=True)
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="+", verbose_name=_("student")
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("compiled"), auto_now_add=True)
    language = models.CharField(_("language"), max_length=2)
    variant = models.CharField(_("variant"), max_length=10)
    entries = models.ManyToManyField(RegisterEntry, related_name="case_files", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case file given out")
        verbose_name_plural = _("case files given out")

    def __str__(self) -> str:
        return f"{self.verification_code} ({self.made_at:%Y-%m-%d})"


class DisposalAct(models.Model):
    """What was destroyed when a case's retention ended, when, and by whom. Holds no
    personal data itself: counts per kind of record, and the register entry."""

    register_entry = models.OneToOneField(
        RegisterEntry, on_delete=models.PROTECT, related_name="disposal_act"
    )
    destroyed = models.JSONField(_("what was destroyed"))
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disposed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("act of destruction")
        verbose_name_plural = _("acts of destruction")

    def __str__(self) -> str:
        return str(self.register_entry)


class Disclosure(models.Model):
    """A transfer of a student's personal data to a third party (regulation §10.3):
    to whom, on what legal basis, what, authorised by whom; registered as a document."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    recipient = models.CharField(_("recipient"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    what = models.TextField(_("what was disclosed"))
    disclosed_on = models.DateField(_("date of disclosure"))
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("authorised by"),
    )
    register_entry = models.OneToOneField(
        RegisterEntry, on_delete=models.PROTECT, related_name="disclosure"
    )

    class Meta:
        verbose_name = _("disclosure to a third party")
        verbose_name_plural = _("disclosures to third parties")
        ordering = ["-disclosed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.register_entry} → {self.recipient}"


class Breach(models.Model):
    """A personal-data incident. Law 94-V (as amended in 2024): the authorised body is
    notified within one working day of discovery; the deadline is kept with it."""

    description = models.TextField(_("what happened"))
    data_affected = models.TextField(_("data affected"))
    people_affected = models.PositiveIntegerField(_("number of people affected"), default=0)
    discovered_at = models.DateTimeField(_("discovered"))
    notice_due_at = models.DateTimeField(_("notice due"))
    notified_at = models.DateTimeField(_("authorised body notified"), null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("notice recorded by"),
    )
    measures = models.TextField(_("measures taken"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personal-data breach")
        verbose_name_plural = _("personal-data breaches")
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return f"{self.discovered_at:%Y-%m-%d} {self.description[:40]}"


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
                if doc_type not in DocumentType.values:
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
