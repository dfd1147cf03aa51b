"""Awareness events for students and staff (§3.4, §3.5); support/awareness.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

USER = settings.AUTH_USER_MODEL


class AwarenessEvent(models.Model):
    """An event that raises awareness of inclusion among the Institute's students and
    staff (§3.4, §3.5): what, when, for whom, and who came -- the staff members by
    name, the students as a number (and the study groups that came as a whole), guests
    as a number. The head of the centre records them; anyone signed in sees the list."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("lecture or talk")
        WORKSHOP = "workshop", _("workshop or training")
        CAMPAIGN = "campaign", _("campaign or week of inclusion")
        CULTURAL = "cultural", _("cultural or sports event")
        OTHER = "other", _("other event")

    class Audience(models.TextChoices):
        STUDENTS = "students", _("students")
        STAFF = "staff", _("staff")
        ALL = "all", _("students and staff")

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    audience = models.CharField(_("for whom"), max_length=10, choices=Audience.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organiser = models.CharField(_("organised by"), max_length=300)
    staff = models.ManyToManyField(
        USER, blank=True, related_name="awareness_events", verbose_name=_("staff who attended")
    )
    study_groups = models.ManyToManyField(
        "students.StudyGroup",
        blank=True,
        related_name="awareness_events",
        verbose_name=_("study groups that attended as a whole"),
    )
    students_count = models.PositiveIntegerField(_("students who attended"), default=0)
    others_count = models.PositiveIntegerField(
        _("other attendees"), default=0, help_text=_("Guests, people without an account.")
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("awareness event")
        verbose_name_plural = _("awareness events")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["-date"], name="awareness_date")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"
