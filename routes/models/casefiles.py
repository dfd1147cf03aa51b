"""A case file put together in the background (routes/tasks.py): one request queues
it, the worker renders it, the person who asked follows its progress and downloads it.
The file holds the whole case, so it is kept only CASE_FILE_KEEP_MINUTES, for its
requester alone."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseFileJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("being put together")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=2)
    variant = models.CharField(max_length=10)
    only_own = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="case-files/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["requested_by", "student", "status"], name="casefilejob_mine"),
            models.Index(fields=["created_at"], name="casefilejob_age"),
        ]

    def __str__(self) -> str:
        return f"case file {self.pk} ({self.get_status_display()})"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    # A job still waiting after this long lost its worker (stopped, restarted): the page
    # says so and a new request starts a new job instead of waiting on it.
    STALLED_AFTER = datetime.timedelta(minutes=10)

    @property
    def stalled(self) -> bool:
        return self.pending and self.created_at < timezone.now() - self.STALLED_AFTER

    @property
    def expired(self) -> bool:
        keep = datetime.timedelta(minutes=settings.CASE_FILE_KEEP_MINUTES)
        return self.created_at < timezone.now() - keep
