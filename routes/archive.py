"""This app's part of destroying a case (students.disposal): the assessments,
conclusions, protocols and routes about the student, with everything that hangs on
them. Registered in RoutesConfig.ready()."""

from django.db.models import Q

from documents.models import PersonSignature, SignatureRequest
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
    _purge_signing(student, routes, counts)
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


def _purge_signing(student: Student, routes, counts: dict) -> None:
    """People's ЭЦП given on this case before its documents were registered (teachers'
    agreements: by the agreement's id) and the forms prepared for signing, which hold
    the case's content. Signatures on registered documents go with the issued files."""
    agreements = CourseAgreement.objects.filter(section__route__in=routes)
    purge(
        PersonSignature.objects.filter(
            object_type="routes.courseagreement",
            object_id__in=[str(pk) for pk in agreements.values_list("pk", flat=True)],
        ),
        counts,
        "ecp_signatures",
    )
    prepared = Q()
    for model, rows in (
        (Route, routes),
        (Conclusion, Conclusion.objects.filter(student=student)),
        (MeetingProtocol, MeetingProtocol.objects.filter(student=student)),
    ):
        ids = [str(pk) for pk in rows.values_list("pk", flat=True)]
        prepared |= Q(object_type=model._meta.label_lower, object_id__in=ids)
    purge(SignatureRequest.objects.filter(prepared), counts, "signature_requests")
