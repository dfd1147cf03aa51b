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
