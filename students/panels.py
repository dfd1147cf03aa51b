"""What the apps above add to a student's case page, registered from their own
`ready()`: panels (a template of the app and what it reads for it) and the links of
"Work on the case". The case page (students/views/cases.py) names none of them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

# Where a panel shows: the staff's documents tab, the page of the student and their
# representatives, or the personal case file's page (whoever may open it).
DOCUMENTS_TAB = "documents"
OWN_PAGE = "own"
CASE_FILE = "case-file"


@dataclass(frozen=True)
class CasePanel:
    code: str
    where: str  # DOCUMENTS_TAB, OWN_PAGE or CASE_FILE
    position: int
    template: str  # included with the page's context, and `panel` (what `read` returned)
    read: Callable[[Any], dict]  # student -> what the template shows (a fixed number of queries)


@dataclass(frozen=True)
class CaseAction:
    code: str
    position: int
    label: Any  # lazy text
    url_name: str  # reversed with the student's pk
    shown: Callable[[Any, Any], bool] | None = None  # (user, student) -> bool


_PANELS: dict[str, CasePanel] = {}
_ACTIONS: dict[str, CaseAction] = {}


def register_case_panel(panel: CasePanel) -> None:
    if panel.where not in (DOCUMENTS_TAB, OWN_PAGE, CASE_FILE):
        raise ImproperlyConfigured(
            f"A case panel shows on {DOCUMENTS_TAB}, {OWN_PAGE} or {CASE_FILE}."
        )
    _PANELS[panel.code] = panel


def register_case_action(action: CaseAction) -> None:
    _ACTIONS[action.code] = action


def panels_for(where: str, student) -> list[dict]:
    return [
        {"template": panel.template, "data": panel.read(student)}
        for panel in sorted(_PANELS.values(), key=lambda p: p.position)
        if panel.where == where
    ]


def actions_for(user, student) -> list[dict]:
    return [
        {"label": action.label, "url": reverse(action.url_name, args=[student.pk])}
        for action in sorted(_ACTIONS.values(), key=lambda a: a.position)
        if action.shown is None or action.shown(user, student)
    ]


def case_actions() -> list[CaseAction]:
    return sorted(_ACTIONS.values(), key=lambda a: a.position)
