"""The application's states and the one table of allowed transitions."""

from django.utils.translation import gettext_lazy as _

from .models import ApplicationStatus as S

# (status, action) -> new status
TRANSITIONS = {
    (S.SUBMITTED, "register"): S.REGISTERED,
    (S.REGISTERED, "start_assessment"): S.IN_ASSESSMENT,
    (S.RETURNED, "resubmit"): S.REGISTERED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.REGISTERED, "withdraw"): S.WITHDRAWN,
    (S.RETURNED, "withdraw"): S.WITHDRAWN,
    (S.IN_ASSESSMENT, "withdraw"): S.WITHDRAWN,
    (S.REGISTERED, "return"): S.RETURNED,
    (S.IN_ASSESSMENT, "return"): S.RETURNED,
    (S.REGISTERED, "decline"): S.DECLINED,
    (S.IN_ASSESSMENT, "decline"): S.DECLINED,
}

ACTION_LABELS = {
    "withdraw": _("Withdraw the application"),
    "start_assessment": _("Start the assessment"),
}

# The path an applicant sees as a timeline.
MAIN_PATH = [
    S.SUBMITTED,
    S.REGISTERED,
    S.IN_ASSESSMENT,
    S.CONCLUSION_ISSUED,
    S.ROUTE_IN_PREPARATION,
    S.ROUTE_APPROVED,
    S.CLOSED,
]


def next_status(status: str, action: str) -> str | None:
    return TRANSITIONS.get((status, action))


def timeline(application) -> list[dict]:
    """The main path with each step marked done, current or to come; a status off the
    path (returned, withdrawn, declined) is shown after the last step reached."""
    reached = {event.to_status: event.at for event in application.events.all()}
    steps, current_seen = [], False
    off_path = application.status not in MAIN_PATH
    for status in MAIN_PATH:
        if status == application.status:
            state, current_seen = "current", True
        elif current_seen or (off_path and status not in reached):
            state = "todo"
        else:
            state = "done"
        steps.append(
            {"status": status, "label": status.label, "state": state, "at": reached.get(status)}
        )
    if off_path:
        steps.append(
            {
                "status": application.status,
                "label": application.get_status_display(),
                "state": "current",
                "at": reached.get(application.status),
            }
        )
    return steps
