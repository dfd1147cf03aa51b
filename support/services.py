"""Every change of the centre's support work goes through here: each function checks
who may do it, runs in one transaction, and tells the people who act next
(students/notifications.py)."""

import datetime
import hashlib
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.privacy import disclosure_record
from eagi_inclusion.errors import DomainError
from routes.models import RouteCourseSection, RouteStatus, RouteSupportMeasure
from students import notifications
from students.consents import processing_stopped, stopped_reason
from students.models import User
from students.models.notifications import in_each_language
from students.notifications import centre_heads, specialists_on
from students.permissions import (
    can_assign_cases,
    can_read_case_as_staff,
    can_work_on_case,
    is_archived,
    is_centre_staff,
    is_own_case,
)
from students.services import ARCHIVED

from .models import (
    AdaptationCheck,
    Barrier,
    ConvertedMaterial,
    FormatRequest,
    ImplementationReport,
    Interaction,
    Seminar,
    SupportSession,
    TeacherConsultation,
)
from .notifications import Kind


class SupportError(DomainError):
    """A refused action; the message is shown to the user."""


# Support sessions ----------------------------------------------------------------------


def _require_open_case(student) -> None:
    """The reasons that hold for everyone come first: an archived case is read-only,
    and the work on a case whose consent was withdrawn stops."""
    if is_archived(student):
        raise SupportError(str(ARCHIVED))
    withdrawn = processing_stopped(student)
    if withdrawn is not None:
        raise SupportError(stopped_reason(withdrawn))


@transaction.atomic
def session_record(*, measure, actor, data: dict) -> SupportSession:

    measure = RouteSupportMeasure.objects.select_related("route__student").get(pk=measure.pk)
    route = measure.route
    _require_open_case(route.student)
    if not can_work_on_case(actor, route.student):
        raise SupportError(_("Only the centre's staff on this case record its sessions."))
    if route.status not in (RouteStatus.ACTIVE, RouteStatus.CLOSED):
        raise SupportError(_("Sessions are recorded under a route that has been approved."))
    return SupportSession.objects.create(measure=measure, specialist=actor, **data)


def _sessions_of_the_measure(attendance: str) -> Subquery:
    """How many sessions of this attendance the measure had, in this version of the
    route and in the earlier ones of the same period (its `origin`): a new version
    carries its plan on, it does not start again at 0 (#30, item 10)."""
    lineage = Coalesce("measure__origin_id", "measure_id")
    counted = (
        SupportSession.objects.annotate(lineage=lineage)
        .filter(lineage=OuterRef("lineage"), attendance=attendance)
        .order_by()
        .values("lineage")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def delivered_vs_planned(route) -> list[dict]:
    """Per support measure of the route: planned, attended, missed (one query)."""
    rows = []
    measures = route.support_measures.select_related("measure_type").annotate(
        lineage=Coalesce("origin_id", "id")
    )
    for measure in measures.annotate(
        attended=_sessions_of_the_measure("attended"),
        missed=_sessions_of_the_measure("missed"),
        cancelled=_sessions_of_the_measure("cancelled"),
    ):
        planned = measure.sessions_planned
        rows.append(
            {
                "measure": measure,
                "planned": planned,
                "attended": measure.attended,
                "missed": measure.missed,
                "cancelled": measure.cancelled,
                "remaining": max(planned - measure.attended, 0) if planned else None,
                "percent": round(100 * measure.attended / planned) if planned else None,
            }
        )
    return rows


# Consultations and external organisations ------------------------------------------------


@transaction.atomic
def consultation_record(*, actor, data: dict) -> TeacherConsultation:
    if not is_centre_staff(actor):
        raise SupportError(_("Consultations are recorded by the centre's staff."))
    return TeacherConsultation.objects.create(specialist=actor, **data)


@transaction.atomic
def interaction_record(*, actor, data: dict, disclosure: dict | None = None) -> Interaction:
    """An interaction; when personal data of the student were sent, the disclosure is
    registered in the disclosure register in the same transaction (§10.3)."""

    student = data.get("student")
    if not is_centre_staff(actor) or (student and not can_read_case_as_staff(actor, student)):
        raise SupportError(_("Only the centre's staff on the case record this."))
    record = None
    if disclosure:
        if student is None:
            raise SupportError(_("Choose the student whose data were sent."))
        if not can_assign_cases(actor):
            raise SupportError(_("Disclosures to third parties are authorised by the head."))
        record = disclosure_record(student=student, actor=actor, data=disclosure)
    return Interaction.objects.create(recorded_by=actor, disclosure=record, **data)


# Alternative formats -------------------------------------------------------------------


def title_key(title: str) -> str:
    """The same material however its title was typed: case, spaces and punctuation."""
    return re.sub(r"[\W_]+", " ", title.casefold()).strip()


def may_request_for(user, student) -> bool:
    return is_own_case(user, student) or can_work_on_case(user, student)


@transaction.atomic
def format_request_create(*, actor, student, course, title, format, needed_by=None):
    if not may_request_for(actor, student):
        raise SupportError(_("You may request materials only for yourself or your cases."))
    request = FormatRequest(
        student=student,
        course=course,
        title=title.strip(),
        format=format,
        needed_by=needed_by,
        requested_by=actor,
    )
    existing = ConvertedMaterial.objects.filter(
        course=course, title_key=title_key(title), format=format
    ).first()
    if existing is not None:
        request.material = existing
        request.status = FormatRequest.Status.DELIVERED
        request.delivered_at = timezone.now()
        request.reused = True
        request.save()
        _delivered(request, actor=None)
        return request
    request.save()
    notifications.notify(
        specialists_on(student) or list(centre_heads()),
        Kind.FORMAT_REQUESTED,
        url="/support/formats/",
        actor=actor,
        student=in_each_language(lambda: student.full_name),
        title=request.title,
        format=request.format,
    )
    return request


def _delivered(request, actor) -> None:
    notifications.notify(
        [request.student.user, request.requested_by],
        Kind.FORMAT_DELIVERED,
        url="/support/formats/",
        actor=actor,
        title=request.title,
        format=request.format,
    )


@transaction.atomic
def format_request_deliver(*, actor, request, upload) -> FormatRequest:
    request = FormatRequest.objects.select_for_update().get(pk=request.pk)
    _require_open_case(request.student)
    if not can_work_on_case(actor, request.student):
        raise SupportError(_("The centre's staff on the case deliver the material."))
    if request.status in (FormatRequest.Status.DELIVERED, FormatRequest.Status.CANCELLED):
        raise SupportError(_("This request is already closed."))
    key = title_key(request.title)
    material = ConvertedMaterial.objects.filter(
        course=request.course, title_key=key, format=request.format
    ).first()
    if material is None:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        material = ConvertedMaterial(
            course=request.course,
            title=request.title,
            title_key=key,
            format=request.format,
            sha256=digest.hexdigest(),
            created_by=actor,
        )
        try:
            with transaction.atomic():
                material.file.save(f"{digest.hexdigest()[:16]}", upload, save=False)
                material.save()
        except IntegrityError:
            material.file.delete(save=False)
            material = ConvertedMaterial.objects.get(
                course=request.course, title_key=key, format=request.format
            )
        except OSError as error:
            if material.file.name:
                material.file.delete(save=False)
            raise SupportError(_("The file could not be stored: try again later.")) from error
    request.material = material
    request.status = FormatRequest.Status.DELIVERED
    request.delivered_at = timezone.now()
    request.save(update_fields=["material", "status", "delivered_at"])
    _delivered(request, actor=actor)
    return request


# Barriers --------------------------------------------------------------------------------


@transaction.atomic
def seminar_record(*, actor, data: dict) -> Seminar:
    """The head records a seminar on inclusive teaching and who attended (§7.1)."""
    if not can_assign_cases(actor):
        raise SupportError(_("Only the head of the centre records seminars."))
    data = dict(data)
    attendees = data.pop("attendees", [])
    seminar = Seminar.objects.create(**data)
    seminar.attendees.set(attendees)
    return seminar


@transaction.atomic
def barrier_report(*, actor, data: dict) -> Barrier:
    barrier = Barrier.objects.create(reported_by=actor, **data)
    notifications.notify(
        centre_heads(),
        Kind.BARRIER_REPORTED,
        url="/support/barriers/",
        actor=actor,
        location=barrier.location,
    )
    return barrier


@transaction.atomic
def barrier_update(*, actor, barrier, status, responsible_unit, resolution) -> Barrier:
    if not is_centre_staff(actor):
        raise SupportError(_("The centre's staff track barriers."))
    barrier = Barrier.objects.select_for_update().get(pk=barrier.pk)
    if status == Barrier.Status.RESOLVED and not resolution.strip():
        raise SupportError(_("Say what was done to remove the barrier."))
    barrier.status = status
    barrier.responsible_unit = responsible_unit
    barrier.resolution = resolution
    barrier.resolved_at = timezone.now() if status == Barrier.Status.RESOLVED else None
    barrier.save()
    return barrier


# Teacher training ------------------------------------------------------------------------


def teachers_of_sen_students():
    """Teachers with a section of a route in force."""
    return User.objects.filter(
        is_active=True,
        route_sections__route__status=RouteStatus.ACTIVE,
    ).distinct()


def untrained_teachers(since: datetime.date | None = None):
    """Teachers of SEN students who have attended no seminar (since a date)."""
    attended = Q(seminars__isnull=False)
    if since:
        attended = Q(seminars__date__gte=since)
    trained = User.objects.filter(attended).values("pk")
    return teachers_of_sen_students().exclude(pk__in=trained).order_by("last_name", "first_name")


# The implementation loop -----------------------------------------------------------------


def _fresh(section):
    """The section with its route as stored now (a caller's copy may be stale)."""

    return RouteCourseSection.objects.select_related("route__student", "course").get(pk=section.pk)


@transaction.atomic
def check_record(*, actor, section, data: dict) -> AdaptationCheck:
    section = _fresh(section)
    if section.teacher_id != actor.pk:
        raise SupportError(_("Only the teacher of this course confirms its adaptations."))
    if section.route.status != RouteStatus.ACTIVE:
        raise SupportError(_("The route is not in force."))
    return AdaptationCheck.objects.create(section=section, teacher=actor, **data)


@transaction.atomic
def report_create(*, actor, section, data: dict) -> ImplementationReport:
    section = _fresh(section)
    student = section.route.student
    if not is_own_case(actor, student):
        raise SupportError(_("Only the student or their representative reports this."))
    if section.route.status != RouteStatus.ACTIVE:
        raise SupportError(_("The route is not in force."))
    report = ImplementationReport.objects.create(section=section, reported_by=actor, **data)
    notifications.notify(
        specialists_on(student) or list(centre_heads()),
        Kind.REPORT_NEW,
        url="/support/implementation/",
        actor=actor,
        student=in_each_language(lambda: student.full_name),
        course=in_each_language(lambda: section.course),
    )
    return report


@transaction.atomic
def report_resolve(*, actor, report, resolution: str) -> ImplementationReport:
    report = ImplementationReport.objects.select_for_update().get(pk=report.pk)
    student = report.section.route.student
    _require_open_case(student)
    if not can_work_on_case(actor, student):
        raise SupportError(_("The centre's staff on the case resolve reports."))
    if report.status == ImplementationReport.Status.RESOLVED:
        raise SupportError(_("This report is already resolved."))
    if not resolution.strip():
        raise SupportError(_("Say how it was resolved with the teacher."))
    report.status = ImplementationReport.Status.RESOLVED
    report.resolution = resolution.strip()
    report.resolved_by = actor
    report.resolved_at = timezone.now()
    report.save()
    notifications.notify(
        [report.reported_by, student.user],
        Kind.REPORT_RESOLVED,
        url="/support/implementation/",
        actor=actor,
        course=in_each_language(lambda r=report: r.section.course),
    )
    return report


@transaction.atomic
def report_escalate(*, actor, report) -> ImplementationReport:
    """A specialist on the case (or the head) passes an open report to the head at
    once, without waiting for the daily job's days (#30, item 15). A second click, or a
    report already with the head, changes nothing."""
    report = (
        ImplementationReport.objects.select_for_update()
        .select_related("section__course", "section__route__student")
        .get(pk=report.pk)
    )
    student = report.section.route.student
    _require_open_case(student)
    if not can_work_on_case(actor, student):
        raise SupportError(_("The centre's staff on the case pass a report to the head."))
    if report.status != ImplementationReport.Status.OPEN:
        return report
    report.status = ImplementationReport.Status.ESCALATED
    report.escalated_at = timezone.now()
    report._change_reason = "escalated"
    report.save(update_fields=["status", "escalated_at"])
    notifications.notify(
        [head for head in centre_heads() if head.pk != actor.pk],
        Kind.REPORT_ESCALATED_NOW,
        url="/support/implementation/",
        actor=actor,
        by=in_each_language(actor.get_full_name),
        student=in_each_language(lambda: student.full_name),
        course=in_each_language(lambda r=report: r.section.course),
    )
    return report


def escalate_reports(now=None) -> int:
    """Open reports older than IMPLEMENTATION_ESCALATION_DAYS go up to the head."""
    now = now or timezone.now()
    days = settings.IMPLEMENTATION_ESCALATION_DAYS
    cutoff = now - datetime.timedelta(days=days)
    count = 0
    stale = ImplementationReport.objects.filter(
        status=ImplementationReport.Status.OPEN, created_at__lt=cutoff
    ).select_related("section__course", "section__route__student")
    for report in stale:
        with transaction.atomic():
            locked = (
                ImplementationReport.objects.select_for_update()
                .filter(pk=report.pk, status=ImplementationReport.Status.OPEN)
                .first()
            )
            if locked is not None:
                # Saved through the model: the report's history shows when it went
                # up to the head (by the system: no person made the change).
                locked.status = ImplementationReport.Status.ESCALATED
                locked.escalated_at = now
                locked._change_reason = "escalated"
                locked.save(update_fields=["status", "escalated_at"])
                notifications.notify(
                    centre_heads(),
                    Kind.REPORT_ESCALATED,
                    url="/support/implementation/",
                    days=days,
                    student=in_each_language(lambda r=report: r.section.route.student.full_name),
                    course=in_each_language(lambda r=report: r.section.course),
                )
                count += 1
    return count
