"""Fixtures of the route tests: a draft route of the fixture case with two courses,
each with its teacher, on an issued conclusion."""

import pytest

from routes import services
from students.models import AdaptationType
from tests import factories as f

ANALYSIS_MARK = "ANALYSIS-55"


@pytest.fixture
def management_user(management):
    management.position = "Оқу ісі жөніндегі проректор"
    management.save(update_fields=["position"])
    return management


@pytest.fixture
def second_teacher(case, period):
    return f.CourseAssignmentFactory(group=case.study_group, period=period).teacher


@pytest.fixture
def draft(case, specialist, centre_head, teacher, second_teacher, period):
    conclusion = services.conclusion_save(
        student=case,
        actor=specialist,
        analysis=f"Needs large print. {ANALYSIS_MARK}",
        adaptations=[(AdaptationType.objects.get(code="extra-time"), "+25%")],
    )
    services.conclusion_issue(conclusion=conclusion, actor=centre_head)
    return services.route_create(
        student=case, period=period, actor=specialist, conclusion=conclusion
    )


def section_of(route, teacher):
    return route.sections.get(teacher=teacher)


def to_approval(draft, specialist, teacher, second_teacher):
    services.route_send_for_agreement(route=draft, actor=specialist)
    services.section_agree(section=section_of(draft, teacher), actor=teacher)
    services.section_agree(section=section_of(draft, second_teacher), actor=second_teacher)
    draft.refresh_from_db()
    return draft


# Identity, the parent a row hangs on, and the workflow: what a copy does not take.
ROUTE_OWN = {
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
    "shared_at",
}
ROW_OWN = {"id", "route", "origin"}


def field_values(row, skip):
    """A row's own values, its many-to-many as sorted ids; `skip`: fields not compared."""
    model = type(row)
    values = {
        field.name: getattr(row, field.attname)
        for field in model._meta.concrete_fields
        if field.name not in skip
    }
    for field in model._meta.many_to_many:
        values[field.name] = sorted(getattr(row, field.name).values_list("pk", flat=True))
    return values
