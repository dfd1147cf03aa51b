"""Side-by-side comparison of two versions of a route."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Route

GENERAL_FIELDS = ["special_conditions", "individual_schedule", "special_methods", "review_date"]
SECTION_FIELDS = [
    "content_adaptations",
    "method_adaptations",
    "assessment_form",
    "extra_time_percent",
    "separate_room",
    "oral_instead_of_written",
    "interpreter",
    "assistive_technology",
]


@dataclass
class Row:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


def _show(value) -> str:
    if value is True:
        return str(_("yes"))
    if value is False or value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _sections(route: Route) -> dict:
    return {
        section.course_id: section
        for section in route.sections.select_related("course").prefetch_related("adaptation_types")
    }


def compare(old: Route, new: Route) -> list[tuple[str, list[Row]]]:
    """Groups of rows (title, rows); every field of both versions, changed or not."""
    groups = []
    general = [
        Row(
            str(Route._meta.get_field(name).verbose_name).capitalize(),
            _show(getattr(old, name)),
            _show(getattr(new, name)),
        )
        for name in GENERAL_FIELDS
    ]
    groups.append((str(_("Special conditions")), general))
    old_sections, new_sections = _sections(old), _sections(new)
    for course_id in sorted(set(old_sections) | set(new_sections)):
        before, after = old_sections.get(course_id), new_sections.get(course_id)
        course = (after or before).course
        rows = [
            Row(
                str(_("Adaptations")),
                ", ".join(sorted(a.name for a in before.adaptation_types.all())) if before else "—",
                ", ".join(sorted(a.name for a in after.adaptation_types.all())) if after else "—",
            )
        ]
        for name in SECTION_FIELDS:
            label = str(
                before._meta.get_field(name).verbose_name
                if before
                else after._meta.get_field(name).verbose_name
            ).capitalize()
            rows.append(
                Row(
                    label,
                    _show(getattr(before, name)) if before else "—",
                    _show(getattr(after, name)) if after else "—",
                )
            )
        groups.append((f"{course.code} {course.name}", rows))
    measures = [
        Row(
            str(_("Psychological and pedagogical support")),
            "; ".join(
                f"{m.measure_type.name}: {m.provider}, {m.frequency}"
                for m in old.support_measures.select_related("measure_type")
            )
            or "—",
            "; ".join(
                f"{m.measure_type.name}: {m.provider}, {m.frequency}"
                for m in new.support_measures.select_related("measure_type")
            )
            or "—",
        )
    ]
    groups.append((str(_("Psychological and pedagogical support")), measures))
    return groups
