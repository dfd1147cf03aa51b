"""What the register gives out: issued forms, stamped copies, case files."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .register import RegisterEntry


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
