"""Every write to routes: drafting, course sections, the workflow's steps, teachers'
agreement, approval, versions and letters. Rhythm: a transaction, lock the row,
check state and right, change, record the decision, and leave mail for after the
commit."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DocumentType, RegisterEntry
from documents.register import register_document
from students.applications import application_advance
from students.models import ApplicationStatus, CourseAssignment, Student

from .. import notifications as route_notifications
from ..models import (
    CourseAgreement,
    Route,
    RouteCourseSection,
    RouteDecision,
    RouteStatus,
    RouteSupportMeasure,
    TeacherLetter,
)
from ..workflow import may, next_status
from .common import RouteConflict, RouteError, _require_case_work, _require_open_case


@transaction.atomic
def route_create(*, student: Student, period, actor, conclusion=None, copy_from=None) -> Route:
    """A draft with one section for each course the student's group takes in the
    period, each with the teacher who teaches it. With `copy_from` (the student's last
    route) the conditions, support measures and the adaptations of courses that go on
    are carried over, so a new semester starts from what was agreed before."""
    _require_case_work(actor, student)
    Student.objects.select_for_update().get(pk=student.pk)
    if Route.objects.filter(
        student=student,
        period=period,
        status__in=[RouteStatus.DRAFT, RouteStatus.AGREEMENT, RouteStatus.APPROVAL],
    ).exists():
        raise RouteError(_("A route for this period is already being prepared."))
    last = Route.objects.filter(student=student, period=period).order_by("-version").first()
    carried = {}
    if copy_from is not None:
        if copy_from.student_id != student.pk:
            raise RouteError(_("A route can only be copied from the same student's route."))
        carried = {
            "special_conditions": copy_from.special_conditions,
            "individual_schedule": copy_from.individual_schedule,
            "special_methods": copy_from.special_methods,
        }
        conclusion = conclusion or copy_from.conclusion
    route = Route.objects.create(
        student=student,
        period=period,
        version=last.version + 1 if last else 1,
        conclusion=conclusion,
        created_by=actor,
        **carried,
    )
    teaching = CourseAssignment.objects.filter(
        group=student.study_group_id, period=period
    ).order_by("course__code", "pk")
    seen = set()
    sections = []
    for assignment in teaching:
        if assignment.course_id in seen:
            continue
        seen.add(assignment.course_id)
        sections.append(
            RouteCourseSection(
                route=route, course_id=assignment.course_id, teacher_id=assignment.teacher_id
            )
        )
    RouteCourseSection.objects.bulk_create(sections)
    if copy_from is not None:
        _carry_over(copy_from, route)
    _decide(route, actor, "", RouteStatus.DRAFT, event=RouteDecision.Event.DRAFT_CREATED)
    application_advance(
        student=student, to_status=ApplicationStatus.ROUTE_IN_PREPARATION, actor=actor
    )
    return route


def _carry_over(source: Route, target: Route) -> None:
    previous = {
        section.course_id: section
        for section in source.sections.prefetch_related("adaptation_types")
    }
    for section in target.sections.all():
        before = previous.get(section.course_id)
        if before is None:
            continue
        for field in (
            "content_adaptations",
            "method_adaptations",
            "assessment_form",
            "extra_time_percent",
            "separate_room",
            "oral_instead_of_written",
            "interpreter",
            "assistive_technology",
        ):
            setattr(section, field, getattr(before, field))
        section.save()
        section.adaptation_types.set(before.adaptation_types.all())
    RouteSupportMeasure.objects.bulk_create(
        RouteSupportMeasure(
            route=target,
            measure_type_id=m.measure_type_id,
            description=m.description,
            provider=m.provider,
            frequency=m.frequency,
        )
        for m in source.support_measures.all()
    )


def _bump(route: Route, lock_version: int, **changes) -> None:
    updated = Route.objects.filter(pk=route.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, **changes
    )
    if not updated:
        raise RouteConflict(
            _(
                "Someone else has saved this route since you opened it. Your changes are "
                "not saved: look at the current version and make them again."
            )
        )


def _require_draft(route: Route) -> None:
    if route.status != RouteStatus.DRAFT:
        raise RouteError(
            _("Only a draft can be changed; this route is %(status)s.")
            % {"status": route.get_status_display()}
        )


@transaction.atomic
def route_update(*, route: Route, actor, lock_version: int, data: dict) -> Route:
    route = Route.objects.select_for_update().get(pk=route.pk)
    _require_case_work(actor, route.student)
    _require_draft(route)
    _bump(route, lock_version, **data)
    route.refresh_from_db()
    route._change_reason = "route_update"
    return route


@transaction.atomic
def section_update(
    *, section: RouteCourseSection, actor, lock_version: int, data: dict, adaptation_types
) -> RouteCourseSection:
    route = Route.objects.select_for_update().get(pk=section.route_id)
    _require_case_work(actor, route.student)
    _require_draft(route)
    _bump(route, lock_version)
    for field, value in data.items():
        setattr(section, field, value)
    section.save()
    section.adaptation_types.set(adaptation_types)
    return section


@transaction.atomic
def support_measure_add(*, route: Route, actor, lock_version: int, data: dict):
    route = Route.objects.select_for_update().get(pk=route.pk)
    _require_case_work(actor, route.student)
    _require_draft(route)
    _bump(route, lock_version)
    return RouteSupportMeasure.objects.create(route=route, **data)


def _decide(route, actor, from_status, to_status, comment="", event=""):
    """Record a transition: a person's comment as written, the system's as an event
    code whose sentence is rendered in the reader's language."""
    RouteDecision.objects.create(
        route=route,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        event=event,
    )
    route_notifications.route_changed(route, actor, from_status, to_status, str(comment))


def _transition(route: Route, actor, action: str, comment: str, event="", **changes) -> Route:
    """Change status under the row lock taken by the caller; record the decision."""
    new_status = next_status(route.status, action)
    if new_status is None:
        raise RouteError(
            _("This cannot be done now: the route is %(status)s.")
            % {"status": route.get_status_display()}
        )
    old_status = route.status
    route.status = new_status
    for field, value in changes.items():
        setattr(route, field, value)
    route.save(update_fields=["status", *changes])
    _decide(route, actor, old_status, new_status, comment, event)
    return route


def _locked(route: Route) -> Route:
    """Lock the case, then the route. Every change of any route of a case takes the
    case's row first, so two transitions (say, approving version 2 while version 1 is
    closed) queue behind each other instead of each holding what the other needs.
    `of=("self",)` keeps the route's lock off the joined student row."""
    Student.objects.select_for_update().only("pk").get(pk=route.student_id)
    route = Route.objects.select_for_update(of=("self",)).select_related("student").get(pk=route.pk)
    _require_open_case(route.student)
    return route


@transaction.atomic
def route_send_for_agreement(*, route: Route, actor, comment: str = "") -> Route:
    route = _locked(route)
    if not may(actor, route, "send_for_agreement"):
        raise RouteError(_("You may not send this route for agreement."))
    if not route.sections.exists():
        raise RouteError(_("The route has no course sections to agree."))
    return _transition(route, actor, "send_for_agreement", comment)


def _current_agreement(section: RouteCourseSection, round_: int):
    return section.agreements.filter(round=round_).first()


@transaction.atomic
def section_agree(*, section: RouteCourseSection, actor, comment: str = "") -> Route:
    route = _locked(section.route)
    section = RouteCourseSection.objects.get(pk=section.pk)
    if section.teacher_id != actor.pk:
        raise RouteError(_("Only the teacher of this course agrees its section."))
    if route.status != RouteStatus.AGREEMENT:
        raise RouteError(_("The route is not waiting for agreement."))
    if _current_agreement(section, route.agreement_round):
        raise RouteError(_("You have already given your decision on this section."))
    CourseAgreement.objects.create(
        section=section,
        round=route.agreement_round,
        teacher=actor,
        decision=CourseAgreement.Decision.AGREED,
        comment=comment,
    )
    pending = route.sections.exclude(
        agreements__round=route.agreement_round,
        agreements__decision=CourseAgreement.Decision.AGREED,
    )
    if not pending.exists():
        _transition(route, actor, "all_agreed", "", event=RouteDecision.Event.ALL_AGREED)
    return route


@transaction.atomic
def section_return(*, section: RouteCourseSection, actor, comment: str) -> Route:
    if not comment.strip():
        raise RouteError(_("Say what should change: the specialists will read it."))
    route = _locked(section.route)
    section = RouteCourseSection.objects.get(pk=section.pk)
    if section.teacher_id != actor.pk:
        raise RouteError(_("Only the teacher of this course returns its section."))
    if route.status != RouteStatus.AGREEMENT:
        raise RouteError(_("The route is not waiting for agreement."))
    CourseAgreement.objects.create(
        section=section,
        round=route.agreement_round,
        teacher=actor,
        decision=CourseAgreement.Decision.RETURNED,
        comment=comment,
    )
    return _transition(route, actor, "return", comment, agreement_round=route.agreement_round + 1)


@transaction.atomic
def route_approve(*, route: Route, actor, comment: str = "") -> Route:
    route = _locked(route)
    if not may(actor, route, "approve"):
        raise RouteError(
            _("This cannot be done now: the route is %(status)s.")
            % {"status": route.get_status_display()}
            if next_status(route.status, "approve") is None
            else _("Only the rector's office approves routes.")
        )
    previous = (
        Route.objects.select_for_update()
        .filter(student=route.student, period=route.period, status=RouteStatus.ACTIVE)
        .first()
    )
    if previous is not None:
        RegisterEntry.objects.filter(pk=previous.register_entry_id).update(
            status=RegisterEntry.Status.SUPERSEDED
        )
        _transition(
            previous,
            actor,
            "supersede",
            _("Replaced by version %(version)s.") % {"version": route.version},
        )
    entry = register_document(
        doc_type=DocumentType.ROUTE,
        student=route.student,
        author=actor,
        language=route.student.document_language,
    )
    _transition(
        route,
        actor,
        "approve",
        comment,
        approved_by=actor,
        approver_position=actor.position,
        approved_at=timezone.now(),
        register_entry=entry,
    )
    for section in route.sections.order_by("course__code", "pk"):
        TeacherLetter.objects.create(
            section=section,
            teacher_id=section.teacher_id,
            register_entry=register_document(
                doc_type=DocumentType.LETTER,
                student=route.student,
                author=actor,
                language=route.student.document_language,
            ),
        )
    application_advance(
        student=route.student, to_status=ApplicationStatus.ROUTE_APPROVED, actor=actor
    )
    return route


@transaction.atomic
def route_return(*, route: Route, actor, comment: str) -> Route:
    if not comment.strip():
        raise RouteError(_("Give the reason: the specialists will read it."))
    route = _locked(route)
    if not may(actor, route, "return"):
        raise RouteError(_("You may not return this route now."))
    return _transition(route, actor, "return", comment, agreement_round=route.agreement_round + 1)


@transaction.atomic
def route_close(*, route: Route, actor, comment: str = "") -> Route:
    route = _locked(route)
    if not may(actor, route, "close"):
        raise RouteError(_("Only the head of the centre closes a route in force."))
    return _transition(route, actor, "close", comment)


@transaction.atomic
def route_new_version(*, route: Route, actor) -> Route:
    """Revise a route in force: a copy as a new draft; the old one stays in force and
    readable until the new version is approved."""
    route = _locked(route)
    _require_case_work(actor, route.student)
    if route.status != RouteStatus.ACTIVE:
        raise RouteError(_("Only a route in force is revised by a new version."))
    if Route.objects.filter(
        student=route.student,
        period=route.period,
        status__in=[RouteStatus.DRAFT, RouteStatus.AGREEMENT, RouteStatus.APPROVAL],
    ).exists():
        raise RouteError(_("A new version of this route is already being prepared."))
    new = Route.objects.create(
        student=route.student,
        period=route.period,
        version=route.version + 1,
        supersedes=route,
        conclusion=route.conclusion,
        special_conditions=route.special_conditions,
        individual_schedule=route.individual_schedule,
        special_methods=route.special_methods,
        review_date=route.review_date,
        created_by=actor,
    )
    for section in route.sections.prefetch_related("adaptation_types"):
        types = list(section.adaptation_types.all())
        section.pk = None
        section.id = None
        section.route = new
        section.save()
        section.adaptation_types.set(types)
    RouteSupportMeasure.objects.bulk_create(
        RouteSupportMeasure(
            route=new,
            measure_type_id=m.measure_type_id,
            description=m.description,
            provider=m.provider,
            frequency=m.frequency,
        )
        for m in route.support_measures.all()
    )
    _decide(
        new,
        actor,
        "",
        RouteStatus.DRAFT,
        _("New version of version %(version)s.") % {"version": route.version},
    )
    return new


@transaction.atomic
def letter_acknowledge(*, letter: TeacherLetter, actor) -> TeacherLetter:
    letter = (
        TeacherLetter.objects.select_for_update()
        .select_related("section__route__student")
        .get(pk=letter.pk)
    )
    _require_open_case(letter.section.route.student)
    if letter.teacher_id != actor.pk:
        raise RouteError(_("Only the teacher the letter is addressed to acknowledges it."))
    if letter.acknowledged_at is None:
        letter.acknowledged_at = timezone.now()
        letter.save(update_fields=["acknowledged_at"])
    return letter
