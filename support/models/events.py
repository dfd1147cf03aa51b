"""Accommodations a student asks for at an event outside teaching (§8): sport,
culture, graduation, open days. support/events.py holds the rules."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

USER = settings.AUTH_USER_MODEL


class EventRequest(models.Model):
    """The student (or a representative) says what, when, where and what they need;
    the centre forwards it to the unit responsible for the event; the unit's answer
    -- what was arranged, or why not -- is recorded and the student is told."""

    class Kind(models.TextChoices):
        SPORT = "sport", _("sport")
        CULTURAL = "cultural", _("cultural event")
        GRADUATION = "graduation", _("graduation")
        OPEN_DAY = "open_day", _("open day")
        OTHER = "other", _("other event")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested, with the centre")
        FORWARDED = "forwarded", _("forwarded to the responsible unit")
        ARRANGED = "arranged", _("arranged")
        DECLINED = "declined", _("could not be arranged")

    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        related_name="event_requests",
        verbose_name=_("student"),
    )
    kind = models.CharField(_("kind of event"), max_length=12, choices=Kind.choices)
    event = models.CharField(_("event"), max_length=300)
    date = models.DateField(_("date of the event"))
    place = models.CharField(_("place"), max_length=300)
    needs = models.TextField(
        _("what you need"),
        help_text=_(
            "For example: a seat near the stage, a sign language interpreter, step-free access."
        ),
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    outcome = models.TextField(_("what was arranged, or why not"), blank=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    handled_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event accommodation request")
        verbose_name_plural = _("event accommodation requests")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["status", "date"], name="event_request_status"),
            models.Index(fields=["student", "date"], name="event_request_student"),
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.date:%d.%m.%Y})"
