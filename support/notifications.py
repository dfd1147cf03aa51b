"""The kinds of notification the centre's support work sends (students.notifications
delivers them)."""

from django.utils.translation import gettext_lazy as _

from students.models.notifications import register_kind


class Kind:
    """The notifications of the centre's support work."""

    FORMAT_REQUESTED = register_kind(
        "format_requested",
        _("material requested in another format"),
        _("%(student)s asks for “%(title)s” as %(format)s: convert it or reuse a copy."),
    )

    FORMAT_DELIVERED = register_kind(
        "format_delivered",
        _("material delivered in another format"),
        _("“%(title)s” is ready for you as %(format)s."),
    )

    BARRIER_REPORTED = register_kind(
        "barrier",
        _("accessibility barrier reported"),
        _("An accessibility barrier was reported: %(location)s."),
    )

    REPORT_NEW = register_kind(
        "report_new",
        _("adaptation reported as not provided"),
        _("%(student)s reports that an adaptation was not provided in %(course)s."),
    )

    REPORT_ESCALATED = register_kind(
        "report_escalated",
        _("unresolved report escalated"),
        _("Not resolved in %(days)s days: %(student)s, %(course)s. It is now yours."),
    )

    REPORT_ESCALATED_NOW = register_kind(
        "report_escalated_now",
        _("report passed to the head"),
        _("%(by)s passed you a report at once: %(student)s, %(course)s. It is now yours."),
    )

    REPORT_RESOLVED = register_kind(
        "report_resolved",
        _("report resolved"),
        _("Your report about %(course)s is resolved."),
    )

    AID_LENT = register_kind(
        "aid_lent",
        _("technical aid lent"),
        _("“%(item)s” is lent to you for your study. Due back: %(due)s."),
    )

    AID_DUE_SOON = register_kind(
        "aid_due_soon",
        _("technical aid due back soon"),
        _("“%(item)s” is due back at the centre on %(due)s."),
    )

    AID_OVERDUE = register_kind(
        "aid_overdue",
        _("technical aid not returned"),
        _("%(student)s has not returned “%(item)s”, due back on %(due)s."),
    )

    EVENT_REQUESTED = register_kind(
        "event_requested",
        _("accommodation asked for an event"),
        _("%(student)s asks for accommodations at “%(event)s” on %(date)s."),
    )

    EVENT_FORWARDED = register_kind(
        "event_forwarded",
        _("event request forwarded"),
        _("Your request for “%(event)s” is with the unit responsible: %(unit)s."),
    )

    EVENT_ANSWERED = register_kind(
        "event_answered",
        _("event request answered"),
        _("Your request for “%(event)s” is answered: see what was arranged."),
    )

    # Reports of mistreatment: never what a report says or who made it (an e-mail is
    # read on shared screens and phones).
    COMPLAINT_RECEIVED = register_kind(
        "complaint_received",
        _("confidential report received"),
        _("A confidential report is addressed to you. Take it up by %(due)s."),
    )

    COMPLAINT_TAKEN_UP = register_kind(
        "complaint_taken_up",
        _("your report is being looked into"),
        _("Your report is being looked into. You will have an answer by %(due)s."),
    )

    COMPLAINT_STEP = register_kind(
        "complaint_step",
        _("news about your report"),
        _("There is news about your report."),
    )

    COMPLAINT_WITHDRAWN = register_kind(
        "complaint_withdrawn",
        _("a report withdrawn"),
        _("A confidential report addressed to you was withdrawn by the person who made it."),
    )

    COMPLAINT_ANSWERED = register_kind(
        "complaint_answered",
        _("your report is answered"),
        _("Your report is answered: read the answer in the app."),
    )

    UNIT_TASK = register_kind(
        "unit_task",
        _("task for your unit"),
        _("The centre asks your unit to act by %(due)s: see the task."),
    )

    UNIT_TASK_CLOSED = register_kind(
        "unit_task_closed",
        _("a unit answered its task"),
        _("%(unit)s answered the task you gave it."),
    )
