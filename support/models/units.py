"""Tasks the centre gives a structural unit (§1.3, §10.4): remove a barrier, arrange an
event's accommodations, prepare or install a technical aid. support/units.py holds the
rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

USER = settings.AUTH_USER_MODEL


class UnitTask(models.Model):
    """One thing a unit is asked to do, by a date, about one barrier, event request or
    technical aid. The unit's staff read what the centre wrote here and the place,
    event or item -- never the case, never health data -- record what they did and
    close it; the request's own page and the student hear of it."""

    class Kind(models.TextChoices):
        BARRIER = "barrier", _("accessibility barrier")
        EVENT = "event", _("event outside teaching")
        AID = "aid", _("technical aid")

    class Status(models.TextChoices):
        OPEN = "open", _("with the unit")
        DONE = "done", _("done")
        DECLINED = "declined", _("could not be done")

    unit = models.ForeignKey(
        "students.Unit", on_delete=models.PROTECT, related_name="tasks", verbose_name=_("unit")
    )
    kind = models.CharField(_("about"), max_length=8, choices=Kind.choices)
    barrier = models.ForeignKey(
        "support.Barrier", on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    event_request = models.ForeignKey(
        "support.EventRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    aid = models.ForeignKey(
        "support.TechnicalAid",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    what = models.TextField(
        _("what the unit is asked to do"),
        help_text=_("Only what the unit needs to act: no diagnosis, no health information."),
    )
    due = models.DateField(_("to be done by"))
    assigned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    done_note = models.TextField(_("what the unit did"), blank=True)
    done_at = models.DateTimeField(_("closed"), null=True, blank=True)
    done_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task of a unit")
        verbose_name_plural = _("tasks of units")
        ordering = ["status", "due", "pk"]
        indexes = [
            models.Index(fields=["unit", "status", "due"], name="unit_task_inbox"),
            models.Index(fields=["status", "due"], name="unit_task_due"),
        ]
        constraints = [
            models.CheckConstraint(
                name="unit_task_one_subject",
                condition=(
                    Q(kind="barrier", barrier__isnull=False, event_request=None, aid=None)
                    | Q(kind="event", event_request__isnull=False, barrier=None, aid=None)
                    | Q(kind="aid", aid__isnull=False, barrier=None, event_request=None)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_kind_display()} ({self.due:%d.%m.%Y})"

    @property
    def subject(self):
        return self.barrier or self.event_request or self.aid
