"""Technical aids lent to students (§3.3, §8); support/aids.py holds the rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

USER = settings.AUTH_USER_MODEL


class TechnicalAid(models.Model):
    """A device or software licence the Institute lends a student for their study
    (§3.3, §8): what, its serial or licence number, when it went out and is due back,
    and in what condition it went and came back. Centre staff on the case lend and take
    back; the student and their representatives see what they hold; the head sees what
    is out and overdue. No health information belongs here."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("FM system or other hearing device")
        VISION = "vision", _("magnifier or reading device")
        COMPUTER = "computer", _("laptop or tablet")
        SOFTWARE = "software", _("software licence")
        MOBILITY = "mobility", _("mobility or seating aid")
        OTHER = "other", _("other aid")

    class Condition(models.TextChoices):
        NEW = "new", _("new")
        GOOD = "good", _("good, working")
        WORN = "worn", _("worn, working")
        DAMAGED = "damaged", _("damaged")
        LOST = "lost", _("lost")

    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        related_name="technical_aids",
        verbose_name=_("student"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    item = models.CharField(
        _("item"), max_length=200, help_text=_("Make and model, or the program's name.")
    )
    identifier = models.CharField(_("serial or licence number"), max_length=120, blank=True)
    issued_on = models.DateField(_("lent on"))
    due_back = models.DateField(
        _("due back"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it stays with the student until the end of study."),
    )
    condition_out = models.CharField(
        _("condition when lent"), max_length=10, choices=Condition.choices, default="good"
    )
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    condition_back = models.CharField(
        _("condition when returned"), max_length=10, choices=Condition.choices, blank=True
    )
    received_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    # The daily job's reminders, each sent once (support/aids.py, remind_aids).
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    overdue_reported_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("technical aid lent")
        verbose_name_plural = _("technical aids lent")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["student", "-issued_on"], name="aid_student"),
            # What is out, by due date: the head's list and the daily reminders.
            models.Index(
                fields=["due_back"], condition=Q(returned_on__isnull=True), name="aid_out_due"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_back__isnull=True) | Q(due_back__gte=models.F("issued_on")),
                name="aid_due_after_lent",
                violation_error_message=_("The due date is before the day it is lent."),
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True)
                | (Q(returned_on__gte=models.F("issued_on")) & ~Q(condition_back="")),
                name="aid_returned_after_lent",
                violation_error_message=_(
                    "A return needs its date, on or after the loan, and the condition."
                ),
            ),
            # One device is with one person at a time.
            models.UniqueConstraint(
                fields=["kind", "identifier"],
                condition=Q(returned_on__isnull=True) & ~Q(identifier=""),
                name="aid_out_once",
                violation_error_message=_(
                    "This device is out already: record its return before lending it again."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.identifier}".strip()

    def overdue_on(self, today) -> bool:
        return self.returned_on is None and self.due_back is not None and self.due_back < today
