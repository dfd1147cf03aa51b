"""This app's part of destroying a case (students.disposal): the support work about
the student — sessions, checks, reports, format requests and interactions. Converted
materials are course materials and are kept. Registered in SupportConfig.ready()."""

from routes.models import Route
from students.disposal import purge
from students.models import Student

from .models import (
    AdaptationCheck,
    FormatRequest,
    ImplementationReport,
    Interaction,
    SupportSession,
)


def purge_case(student: Student, counts: dict) -> None:
    routes = Route.objects.filter(student=student)
    purge(SupportSession.objects.filter(measure__route__in=routes), counts, "support_sessions")
    purge(AdaptationCheck.objects.filter(section__route__in=routes), counts, "adaptation_checks")
    purge(
        ImplementationReport.objects.filter(section__route__in=routes),
        counts,
        "implementation_reports",
    )
    purge(FormatRequest.objects.filter(student=student), counts, "format_requests")
    purge(Interaction.objects.filter(student=student), counts, "interactions")
