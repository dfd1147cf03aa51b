"""People, the institute's catalogues, and the student's case.

The case (a `Student` with everything hung on it) is the unit of access: centre staff
get django-guardian object permissions on the `Student` row when a case is assigned
to them, and every child record (health profile, applications, routes, documents)
is reached through it. Health information lives in its own model so that a page
meant for a teacher or the rector's office cannot reach it by accident.

Split by domain: accounts, catalogue, case, intake, links, notifications. Everything is
importable from `students.models` as before (migrations name
`students.models._attachment_path`).
"""

from .accounts import DocumentLanguage, InterfaceLanguage, User
from .case import (
    CaseAssignment,
    EmergencyAccess,
    HealthProfile,
    LegalRepresentative,
    Student,
    StudentQuerySet,
    StudentUserObjectPermission,
)
from .catalogue import (
    AcademicPeriod,
    AcademicYear,
    AdaptationType,
    Catalogue,
    Course,
    CourseAssignment,
    Faculty,
    NeedCategory,
    Programme,
    StudyGroup,
    SupportMeasureType,
    TranslatedName,
    Unit,
)
from .intake import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    Consent,
    _attachment_path,
)
from .links import LinkRequest
from .notifications import Notification

__all__ = [
    "AcademicPeriod",
    "AcademicYear",
    "AdaptationType",
    "Application",
    "ApplicationAttachment",
    "ApplicationEvent",
    "ApplicationStatus",
    "CaseAssignment",
    "Catalogue",
    "Consent",
    "Course",
    "CourseAssignment",
    "DocumentLanguage",
    "EmergencyAccess",
    "Faculty",
    "HealthProfile",
    "InterfaceLanguage",
    "LegalRepresentative",
    "LinkRequest",
    "NeedCategory",
    "Notification",
    "Programme",
    "Student",
    "StudentQuerySet",
    "StudentUserObjectPermission",
    "StudyGroup",
    "SupportMeasureType",
    "TranslatedName",
    "Unit",
    "User",
    "_attachment_path",
]
