"""Links that open a student's record to another account, as requests the head of the
centre confirms (#28, finding 1): a legal representative, the student's own account,
a teaching assignment. Nothing here opens anything until `students.links.link_confirm`
carries it out; the administrator (or the web import) only asks."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from documents.downloads import EXTENSIONS

from .case import LegalRepresentative, Student
from .catalogue import AcademicPeriod, Course, StudyGroup


def _ground_path(instance, filename):
    # A random name: nothing of the student or the original file name on disk.
    return f"link-grounds/{uuid.uuid4().hex}{instance.ground_extension}"


class LinkRequest(models.Model):
    class Kind(models.TextChoices):
        REPRESENTATIVE = "representative", _("legal representative of a student")
        STUDENT_ACCOUNT = "student", _("a student's own account")
        TEACHING = "teaching", _("teaching a course to a group")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the head of the centre")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")

    kind = models.CharField(_("what the account is to get"), max_length=20, choices=Kind.choices)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="link_requests",
        verbose_name=_("account"),
    )
    student = models.ForeignKey(
        Student,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="link_requests",
        verbose_name=_("student"),
    )
    relation = models.CharField(
        _("relation"), max_length=20, choices=LegalRepresentative.Relation.choices, blank=True
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("course")
    )
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("group")
    )
    period = models.ForeignKey(
        AcademicPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("academic period"),
    )
    basis = models.CharField(
        _("ground"),
        max_length=300,
        help_text=_(
            "The document that gives the right, with its number and date: a guardianship "
            "order, a power of attorney, an order on the teaching load."
        ),
    )
    ground = models.FileField(_("scan of the ground"), upload_to=_ground_path, blank=True)
    ground_name = models.CharField(max_length=255, blank=True)
    ground_type = models.CharField(max_length=50, blank=True)
    ground_sha256 = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request to open a record")
        verbose_name_plural = _("requests to open a record")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(
                fields=["requested_at"], condition=Q(status="pending"), name="link_pending"
            )
        ]
        constraints = [
            # One open request for the same link: a double click asks once.
            models.UniqueConstraint(
                fields=["kind", "account", "student"],
                condition=Q(status="pending", student__isnull=False),
                name="link_one_pending_per_student",
            ),
            models.UniqueConstraint(
                fields=["account", "course", "group", "period"],
                condition=Q(status="pending", kind="teaching"),
                name="link_one_pending_teaching",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.TEACHING:
            return f"{self.account} — {self.course} — {self.group}"
        return f"{self.account} — {self.student}"

    @property
    def ground_extension(self) -> str:
        return EXTENSIONS.get(self.ground_type, "")
