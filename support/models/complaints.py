"""Confidential reports of discrimination, disrespect or unethical treatment (§4.1,
§7.1, §8). support/complaints.py holds the rules: who reads a report, the deadlines,
the reply."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    """A student (or a representative) reports how someone treated them. Read only by
    the reporter and the person the report is addressed to: the head of the centre, or
    the person the institution names (Institution.complaints_officer). No one else -- not
    the specialists on the case, not the teachers, not the administrator -- reads it
    through the app; the person reported never learns of it from the app.

    Not in the change history (simple-history) and not in the admin: what a report says
    is kept here and in its steps only."""

    class Kind(models.TextChoices):
        DISCRIMINATION = "discrimination", _("discrimination")
        DISRESPECT = "disrespect", _("disrespect or humiliation")
        UNETHICAL = "unethical", _("unethical treatment")
        OTHER = "other", _("other unfair treatment")

    class AddressedTo(models.TextChoices):
        HEAD = "head", _("the head of the centre")
        OFFICER = "officer", _("the person the Institute named for such reports")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received, not yet taken up")
        IN_HAND = "in_hand", _("being looked into")
        CLOSED = "closed", _("answered")

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed; measures taken")
        PARTLY = "partly", _("partly confirmed; measures taken")
        NOT_CONFIRMED = "not_confirmed", _("not confirmed")
        WITHDRAWN = "withdrawn", _("withdrawn by the person who reported it")

    student = models.ForeignKey(
        "students.Student",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("student"),
    )
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    kind = models.CharField(_("what happened, in a word"), max_length=16, choices=Kind.choices)
    about = models.CharField(
        _("who it is about"),
        max_length=300,
        help_text=_("Name and position, or describe the person if you do not know the name."),
    )
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    place = models.CharField(_("where it happened"), max_length=300, blank=True)
    description = models.TextField(_("what happened"))
    wish = models.TextField(_("what you would like to happen"), blank=True)
    addressed_to = models.CharField(
        _("who reads it"), max_length=8, choices=AddressedTo.choices, default=AddressedTo.HEAD
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RECEIVED
    )
    take_up_by = models.DateField(_("to be taken up by"))
    answer_by = models.DateField(_("to be answered by"))
    taken_up_at = models.DateTimeField(_("taken up"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("the answer to the person who reported it"), blank=True)
    closed_at = models.DateTimeField(_("answered"), null=True, blank=True)
    handled_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report of mistreatment")
        verbose_name_plural = _("reports of mistreatment")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["addressed_to", "status"], name="complaint_inbox"),
            models.Index(fields=["reported_by", "reported_at"], name="complaint_reporter"),
            models.Index(fields=["reported_at"], name="complaint_year"),
        ]

    def __str__(self) -> str:
        return str(_("Report No. %(number)s") % {"number": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class ComplaintStep(models.Model):
    """What the person handling a report did, in order: the record of steps. The
    reporter sees the steps marked `shared`; the others stay with the handler."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("what was done"))
    shared = models.BooleanField(_("shown to the person who reported it"), default=False)

    class Meta:
        verbose_name = _("step taken on a report")
        verbose_name_plural = _("steps taken on reports")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.at:%d.%m.%Y}"
