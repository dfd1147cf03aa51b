"""The access log: every read of personal data, append-only."""

from django.conf import settings
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
        COMPLAINT_VIEW = "complaint.view", _("opened a confidential report")
        ECP_SIGN_IN = "ecp.sign_in", _("signed in with ЭЦП")

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
