"""What a copy of a route takes over, in one place per model: every field of the model
except those named here (identity, the parent a row hangs on, and workflow state), so a
field added later is copied unless it is listed. Used by both ways a route is copied:
a new version of a route in force (`route_new_version`) and the next period's route
started from the last one (`route_create(copy_from=...)`).
tests/routes/test_copying.py compares the copies field by field."""

from django.db import models
from simple_history.utils import bulk_create_with_history

from .models import Route, RouteCourseSection, RouteSupportMeasure

NOT_COPIED: dict[type[models.Model], frozenset[str]] = {
    Route: frozenset(
        {
            "id",
            "student",
            "period",
            "version",
            "supersedes",
            "status",
            "lock_version",
            "agreement_round",
            "created_by",
            "created_at",
            "approved_by",
            "approver_position",
            "approver_position_ru",
            "approved_at",
            "register_entry",
            # A new version is shown to the student afresh (§4.4).
            "shared_at",
        }
    ),
    RouteCourseSection: frozenset({"id", "route"}),
    # `origin` links a new version's measure to the first version's (copy_sections_and_
    # measures sets it); the next period's plan starts afresh.
    RouteSupportMeasure: frozenset({"id", "route", "origin"}),
}

# A route for the next period starts from the last one's content, but its courses and
# their teachers come from the new period's teaching assignments, and its review date
# is the new period's to set.
NOT_CARRIED_TO_NEXT_PERIOD: dict[type[models.Model], frozenset[str]] = {
    Route: frozenset({"review_date"}),
    RouteCourseSection: frozenset({"course", "teacher"}),
    RouteSupportMeasure: frozenset(),
}


def copied_values(row: models.Model, *, next_period: bool = False) -> dict:
    """The values of `row`'s copied fields, by attribute name (`course_id` for a
    foreign key), ready for `Model(**values)` or `setattr`."""
    model = type(row)
    skip = NOT_COPIED[model] | (NOT_CARRIED_TO_NEXT_PERIOD[model] if next_period else set())
    return {
        field.attname: getattr(row, field.attname)
        for field in model._meta.concrete_fields
        if field.name not in skip
    }


def copied_links(row: models.Model) -> dict[str, list[int]]:
    """Many-to-many links (a section's adaptation types) by field name, as ids. Set
    them on a fresh row: `.set()` on a row that still holds another row's prefetched
    links believes they are already there (how a new version lost its adaptations)."""
    return {
        field.name: sorted(getattr(row, field.name).values_list("pk", flat=True))
        for field in type(row)._meta.many_to_many
        if field.name not in NOT_COPIED[type(row)]
    }


def copy_sections_and_measures(source: Route, target: Route) -> None:
    """A new version: every section and support measure of `source`, as they are."""
    for section in source.sections.order_by("pk"):
        links = copied_links(section)
        new = RouteCourseSection.objects.create(route=target, **copied_values(section))
        for name, ids in links.items():
            getattr(new, name).set(ids)
    bulk_create_with_history(
        [
            RouteSupportMeasure(
                route=target, origin_id=measure.origin_id or measure.pk, **copied_values(measure)
            )
            for measure in source.support_measures.order_by("pk")
        ],
        RouteSupportMeasure,
    )


def carry_over(source: Route, target: Route) -> None:
    """The next period: the adaptations of each course that goes on (matched by course;
    the teacher is the new period's), and every support measure."""
    previous = {section.course_id: section for section in source.sections.all()}
    for section in target.sections.all():
        before = previous.get(section.course_id)
        if before is None:
            continue
        for name, value in copied_values(before, next_period=True).items():
            setattr(section, name, value)
        section.save()
        for name, ids in copied_links(before).items():
            getattr(section, name).set(ids)
    bulk_create_with_history(
        [
            RouteSupportMeasure(route=target, **copied_values(measure, next_period=True))
            for measure in source.support_measures.order_by("pk")
        ],
        RouteSupportMeasure,
    )
