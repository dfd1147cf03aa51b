"""A route's history of edits as people read it (#30, item 9): each change of the
route's conditions, of a course section or of a support measure, with the field, the
value before and after, who, when and why. Read from django-simple-history's records
in three queries, whatever the route's length; workflow fields (status, round,
approval) are the decisions' history, shown apart."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from eagi_inclusion import compiled

from .diff import GENERAL_FIELDS, SECTION_FIELDS, _show
from .models import ChangeReason, Route, RouteCourseSection, RouteSupportMeasure

MEASURE_FIELDS = ["measure_type", "description", "provider", "frequency", "sessions_planned"]


@dataclass
class Change:
    at: datetime
    who: str
    what: str  # the route's conditions, a course, a support measure
    field: str
    before: str
    after: str
    why: str


def _reason(record) -> str:
    code = record.history_change_reason or ""
    return str(ChangeReason(code).label) if code in ChangeReason.values else code


def _who(record) -> str:
    user = record.history_user
    return user.get_full_name() if user is not None else _("the system")


def _value(record, name: str) -> str:
    if name == "measure_type":
        return str(record.measure_type)
    return _show(getattr(record, name))


def _changes(records, fields: list[str], what) -> list[Change]:
    """Consecutive records of each row, compared on `fields`."""
    changes = []
    previous = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if before is None:
            continue
        delta = record.diff_against(before, included_fields=fields)
        for name in fields:
            if name in delta.changed_fields:
                model = record.instance_type
                changes.append(
                    Change(
                        record.history_date,
                        _who(record),
                        what(record),
                        str(model._meta.get_field(name).verbose_name).capitalize(),
                        _value(before, name),
                        _value(record, name),
                        _reason(record),
                    )
                )
    return changes


def _added_measures(records) -> list[Change]:
    return [
        Change(
            record.history_date,
            _who(record),
            _("Support measure: %(measure)s") % {"measure": record.measure_type},
            _("Added"),
            "—",
            record.description or str(record.measure_type),
            _reason(record),
        )
        for record in records
        if record.history_type == "+" and record.history_change_reason == ChangeReason.MEASURE_ADDED
    ]


def _records(route: Route, model, field: str, *related) -> list:
    """The route's records of `model` in order, their SQL kept per route."""
    return compiled.rows(
        (f"{model._meta.model_name} history", route.pk),
        lambda: (
            model.history.filter(**{field: route.pk})
            .select_related("history_user", *related)
            .order_by("history_date", "history_id")
        ),
    )


def route_history(route: Route) -> list[Change]:
    """Every edit of the route's content, newest first. The three queries' SQL is kept
    per route (eagi_inclusion.compiled)."""
    route_records = _records(route, Route, "id")
    section_records = _records(route, RouteCourseSection, "route_id", "course")
    measure_records = _records(route, RouteSupportMeasure, "route_id", "measure_type")
    changes = [
        *_changes(route_records, GENERAL_FIELDS, lambda r: _("The route's conditions")),
        *_changes(
            section_records,
            SECTION_FIELDS,
            lambda r: _("Course: %(course)s") % {"course": f"{r.course.code} {r.course.name}"},
        ),
        *_changes(
            measure_records,
            MEASURE_FIELDS,
            lambda r: _("Support measure: %(measure)s") % {"measure": r.measure_type},
        ),
        *_added_measures(measure_records),
    ]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes
