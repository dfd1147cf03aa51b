"""This app's part of destroying a case (students.disposal): the assessments,
conclusions, protocols and routes about the student, with everything that hangs on
them. Registered in RoutesConfig.ready()."""

from students.disposal import purge
from students.models import Student

from .models import (
    Assessment,
    CaseFileJob,
    Conclusion,
    CourseAgreement,
    MeetingProtocol,
    ProtocolAttendee,
    RecommendedAdaptation,
    Route,
    RouteCourseSection,
    RouteDecision,
    RouteSupportMeasure,
    TeacherLetter,
)


def purge_case(student: Student, counts: dict) -> None:
    jobs = CaseFileJob.objects.filter(student=student)
    for job in jobs.exclude(file=""):
        job.file.storage.delete(job.file.name)
    purge(jobs, counts, "case_file_jobs")
    routes = Route.objects.filter(student=student)
    purge(TeacherLetter.objects.filter(section__route__in=routes), counts, "letters")
    purge(CourseAgreement.objects.filter(section__route__in=routes), counts, "agreements")
    purge(RouteDecision.objects.filter(route__in=routes), counts, "route_decisions")
    purge(RouteSupportMeasure.objects.filter(route__in=routes), counts, "support_measures")
    purge(RouteCourseSection.objects.filter(route__in=routes), counts, "course_sections")
    protocols = MeetingProtocol.objects.filter(student=student)
    purge(ProtocolAttendee.objects.filter(protocol__in=protocols), counts, "attendees")
    purge(protocols, counts, "protocols")
    routes.update(supersedes=None)
    purge(routes, counts, "routes")
    conclusions = Conclusion.objects.filter(student=student)
    purge(
        RecommendedAdaptation.objects.filter(conclusion__in=conclusions),
        counts,
        "recommended_adaptations",
    )
    conclusions.update(supersedes=None)
    purge(conclusions, counts, "conclusions")
    purge(Assessment.objects.filter(student=student), counts, "assessments")
