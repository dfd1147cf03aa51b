"""Every write to routes: drafting, course sections, the workflow's steps, teachers'
agreement, approval, versions and letters. Rhythm: a transaction, lock the row,
check state and right, change, record the decision, and leave mail for after the
commit."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from documents.register import mark_all_superseded, register_document
from documents.signing import attach_signatures
from documents.texts import drop_stale
from students.applications import application_advance
from students.models import ApplicationStatus, CourseAssignment, Student
from students.permissions import can_assign_cases

from .. import notifications as route_notifications
from ..copying import carry_over, copied_values, copy_sections_and_measures
from ..models import (
    ChangeReason,
    CourseAgreement,
    Route,
    RouteCourseSection,
    RouteDecision,
    RouteStatus,
    RouteSupportMeasure,
    TeacherLetter,
)
from ..permissions import can_decide_section
from ..series import LETTER, ROUTE
from ..workflow import may, next_status
from .common import (
    RouteConflict,
    RouteError,
    _require_case_work,
    _require_consent,
    _require_open_case,
    require_signature_unless,
)


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
        carried = copied_values(copy_from, next_period=True)
        conclusion = conclusion or copy_from.conclusion
        carried.pop("conclusion_id")
    route = Route.objects.create(
        student=student,
        period=period,
        version=last.version + 1 if last else 1,
        conclusion=conclusion,
        created_by=actor,
        # Copied texts keep the language they were typed in.
        **{"text_language": student.document_language, **carried},
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
    # With their first history record, so the route's history of edits has each
    # section's value before its first edit (routes/history.py).
    bulk_create_with_history(sections, RouteCourseSection, default_user=actor)
    if copy_from is not None:
        carry_over(copy_from, route)
    _decide(route, actor, "", RouteStatus.DRAFT, event=RouteDecision.Event.DRAFT_CREATED)
    application_advance(
        student=student, to_status=ApplicationStatus.ROUTE_IN_PREPARATION, actor=actor
    )
    return route


def _check_version(route: Route, lock_version: int) -> None:
    """Optimistic lock, checked under the route's row lock: a form opened on an older
    version of the route is refused instead of overwriting someone's work."""
    if route.lock_version != lock_version:
        raise RouteConflict(
            _(
                "Someone else has saved this route since you opened it. Your changes are "
                "not saved: look at the current version and make them again."
            )
        )


def _record(row, actor, reason: str) -> None:
    """Who made the next save of `row` and why, for its change history (every save
    goes through the model, never QuerySet.update(), which the history cannot see)."""
    row._history_user = actor
    row._change_reason = reason


def _bump(route: Route, lock_version: int) -> None:
    """A section or measure of the route changed: the route's version moves on, so
    the next form saved on the older one is refused. The change itself is in the
    section's or measure's history; the route's fields are unchanged."""
    _check_version(route, lock_version)
    Route.objects.filter(pk=route.pk).update(lock_version=F("lock_version") + 1)


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
    _check_version(route, lock_version)
    drop_stale(route, data)
    for field, value in data.items():
        setattr(route, field, value)
    route.lock_version += 1
    _record(route, actor, ChangeReason.ROUTE_EDITED)
    route.save()
    return route


@transaction.atomic
def section_update(
    *, section: RouteCourseSection, actor, lock_version: int, data: dict, adaptation_types
) -> RouteCourseSection:
    route = Route.objects.select_for_update().get(pk=section.route_id)
    _require_case_work(actor, route.student)
    _require_draft(route)
    _bump(route, lock_version)
    drop_stale(section, data)
    for field, value in data.items():
        setattr(section, field, value)
    _record(section, actor, ChangeReason.SECTION_EDITED)
    section.save()
    section.adaptation_types.set(adaptation_types)
    return section


@transaction.atomic
def support_measure_add(*, route: Route, actor, lock_version: int, data: dict):
    route = Route.objects.select_for_update().get(pk=route.pk)
    _require_case_work(actor, route.student)
    _require_draft(route)
    _bump(route, lock_version)
    measure = RouteSupportMeasure(route=route, **data)
    _record(measure, actor, ChangeReason.MEASURE_ADDED)
    measure.save()
    return measure


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
    """Change status under the row lock taken by the caller; record the decision.
    Closing a route stops processing, so it needs no consent; every other step does."""
    if action != "close":
        _require_consent(route.student)
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
def section_agree(
    *, section: RouteCourseSection, actor, comment: str = "", signed: bool = False
) -> Route:
    """`signed`: with the teacher's ЭЦП, by routes/signing.py (#31)."""
    route = _locked(section.route)
    section = RouteCourseSection.objects.get(pk=section.pk)
    if not can_decide_section(actor, section):
        raise RouteError(_("Only the teacher of this course agrees its section."))
    _require_consent(route.student)
    if route.status != RouteStatus.AGREEMENT:
        raise RouteError(_("The route is not waiting for agreement."))
    if _current_agreement(section, route.agreement_round):
        raise RouteError(_("You have already given your decision on this section."))
    require_signature_unless(signed, "section_agree")
    CourseAgreement.objects.create(
        section=section,
        round=route.agreement_round,
        teacher=actor,
        decision=CourseAgreement.Decision.AGREED,
        comment=comment,
    )
    _all_agreed(route, actor)
    return route


def _all_agreed(route: Route, actor) -> None:
    """When every section of this round is agreed, the route goes for approval."""
    pending = route.sections.exclude(
        agreements__round=route.agreement_round,
        agreements__decision=CourseAgreement.Decision.AGREED,
    )
    if not pending.exists():
        _transition(route, actor, "all_agreed", "", event=RouteDecision.Event.ALL_AGREED)


def _handover_checks(section: RouteCourseSection, actor, reason: str):
    if not can_assign_cases(actor):
        raise RouteError(_("Only the head of the centre hands a course section over."))
    if not reason.strip():
        raise RouteError(_("Give the reason: it is kept in the route's history."))
    route = _locked(section.route)
    section = RouteCourseSection.objects.select_related("course").get(pk=section.pk)
    if route.status not in (RouteStatus.DRAFT, RouteStatus.AGREEMENT):
        raise RouteError(
            _("This cannot be done now: the route is %(status)s.")
            % {"status": route.get_status_display()}
        )
    if _current_agreement(section, route.agreement_round):
        raise RouteError(_("This section is already decided in this round."))
    return route, section


def _handover_noted(route, section, actor, event: str, reason: str) -> None:
    """The route's history: the head's handover of a section, with the course and the
    head's reason (no change of status, so nobody else is notified)."""
    RouteDecision.objects.create(
        route=route,
        actor=actor,
        from_status=route.status,
        to_status=route.status,
        event=event,
        comment=f"{section.course.code}: {reason.strip()}",
    )


@transaction.atomic
def section_reassign(*, section: RouteCourseSection, actor, teacher, reason: str) -> Route:
    """The head gives a section to another teacher (the course has a new teacher, or
    the one recorded cannot act); the new teacher is asked to agree it."""
    route, section = _handover_checks(section, actor, reason)
    if not teacher.is_active or teacher.pk == section.teacher_id:
        raise RouteError(_("Choose another active teacher for this course."))
    section.teacher = teacher
    _record(section, actor, ChangeReason.SECTION_REASSIGNED)
    section.save(update_fields=["teacher"])
    _handover_noted(route, section, actor, RouteDecision.Event.SECTION_REASSIGNED, reason)
    if route.status == RouteStatus.AGREEMENT:
        route_notifications.section_to_agree(route, teacher, actor)
    return route


@transaction.atomic
def section_agree_on_behalf(*, section: RouteCourseSection, actor, reason: str) -> Route:
    """The head agrees a section for its teacher, with the reason, so that a route
    whose teacher cannot act still reaches approval. The agreement names the head."""
    route, section = _handover_checks(section, actor, reason)
    if route.status != RouteStatus.AGREEMENT:
        raise RouteError(_("The route is not waiting for agreement."))
    CourseAgreement.objects.create(
        section=section,
        round=route.agreement_round,
        teacher=actor,
        decision=CourseAgreement.Decision.AGREED,
        comment=reason.strip(),
    )
    _handover_noted(route, section, actor, RouteDecision.Event.AGREED_ON_BEHALF, reason)
    _all_agreed(route, actor)
    return route


@transaction.atomic
def section_return(*, section: RouteCourseSection, actor, comment: str) -> Route:
    if not comment.strip():
        raise RouteError(_("Say what should change: the specialists will read it."))
    route = _locked(section.route)
    section = RouteCourseSection.objects.get(pk=section.pk)
    if not can_decide_section(actor, section):
        raise RouteError(_("Only the teacher of this course returns its section."))
    _require_consent(route.student)
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
def route_approve(*, route: Route, actor, comment: str = "", signed: bool = False) -> Route:
    """`signed`: called by routes/signing.py once the approver's ЭЦП has verified; a
    click is refused while the institution requires ЭЦП for approvals."""
    route = _locked(route)
    if not may(actor, route, "approve"):
        raise RouteError(
            _("This cannot be done now: the route is %(status)s.")
            % {"status": route.get_status_display()}
            if next_status(route.status, "approve") is None
            else _("Only the rector's office approves routes.")
        )
    require_signature_unless(signed, "route_approve")
    previous = (
        Route.objects.select_for_update()
        .filter(student=route.student, period=route.period, status=RouteStatus.ACTIVE)
        .first()
    )
    if previous is not None:
        _transition(previous, actor, "supersede", "", event=RouteDecision.Event.SUPERSEDED)
    entry = register_document(
        doc_type=ROUTE,
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
        approver_position_ru=actor.position_ru,
        approved_at=timezone.now(),
        register_entry=entry,
    )
    for section in route.sections.order_by("course__code", "pk"):
        TeacherLetter.objects.create(
            section=section,
            teacher_id=section.teacher_id,
            register_entry=register_document(
                doc_type=LETTER,
                student=route.student,
                author=actor,
                language=route.student.document_language,
            ),
        )
    if previous is not None:
        _mark_previous_superseded(previous, route, entry)
    # The teachers' signed agreements of this round now belong to the registered route.
    rows = CourseAgreement.objects.filter(section__route=route, round=route.agreement_round)
    attach_signatures(entry, "section_agree", rows)
    application_advance(
        student=route.student, to_status=ApplicationStatus.ROUTE_APPROVED, actor=actor
    )
    return route


def _mark_previous_superseded(previous: Route, route: Route, entry) -> None:
    """The previous version's form and letters say, on the verification page and on
    every later download, which document replaced them: a letter the new letter for the
    same course, or the new route when the course is no longer in it."""
    new_letters = {
        letter.section.course_id: letter.register_entry
        for letter in TeacherLetter.objects.filter(section__route=route).select_related(
            "section", "register_entry"
        )
    }
    replaced = {previous.register_entry_id: entry}
    for letter in TeacherLetter.objects.filter(section__route=previous).select_related("section"):
        replaced[letter.register_entry_id] = new_letters.get(letter.section.course_id, entry)
    mark_all_superseded(replaced)


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
        created_by=actor,
        **copied_values(route),
    )
    copy_sections_and_measures(route, new)
    _decide(new, actor, "", RouteStatus.DRAFT, event=RouteDecision.Event.NEW_VERSION)
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
