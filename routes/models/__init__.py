"""Assessments, centre conclusions, team meeting protocols and individual education
routes (ЖББМ). Every record hangs on a student's case; access follows the case
(students/permissions.py), except what teachers and the rector's office see of a
route, which routes/selectors.py scopes field by field.

Split by resource: `casework` (assessments, conclusions, protocols) and `routes`;
everything is importable from `routes.models` as before."""

from .casefiles import CaseFileJob
from .casework import (
    Assessment,
    Conclusion,
    DocumentStatus,
    MeetingProtocol,
    ProtocolAttendee,
    RecommendedAdaptation,
)
from .routes import (
    ChangeReason,
    CourseAgreement,
    Route,
    RouteCourseSection,
    RouteDecision,
    RouteQuerySet,
    RouteStatus,
    RouteSupportMeasure,
    TeacherLetter,
)

__all__ = [
    "Assessment",
    "CaseFileJob",
    "ChangeReason",
    "Conclusion",
    "CourseAgreement",
    "DocumentStatus",
    "MeetingProtocol",
    "ProtocolAttendee",
    "RecommendedAdaptation",
    "Route",
    "RouteCourseSection",
    "RouteDecision",
    "RouteQuerySet",
    "RouteStatus",
    "RouteSupportMeasure",
    "TeacherLetter",
]
