"""Every write to assessments, conclusions and meeting protocols. Rhythm: a
transaction, lock the row, check state and right, change, register, and leave mail
for after the commit."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.register import mark_superseded, register_document
from documents.texts import drop_stale
from students.applications import application_advance
from students.models import ApplicationStatus, Student
from students.permissions import can_assign_cases

from .. import notifications as route_notifications
from ..models import (
    Assessment,
    CaseFileJob,
    Conclusion,
    MeetingProtocol,
    ProtocolAttendee,
    RecommendedAdaptation,
)
from ..series import CONCLUSION, PROTOCOL
from ..tasks import render_case_file
from ..workflow import (
    CONCLUSION_TRANSITIONS,
    PROTOCOL_TRANSITIONS,
    conclusion_allows,
    protocol_allows,
)
from .common import (
    RouteError,
    _require_case_work,
    _require_consent,
    _require_open_case,
    require_signature_unless,
)


def assessment_create(*, student: Student, actor, data: dict) -> Assessment:
    _require_case_work(actor, student)
    return Assessment.objects.create(student=student, specialist=actor, **data)


@transaction.atomic
def conclusion_save(
    *, student: Student, actor, analysis: str, adaptations: list, conclusion=None
) -> Conclusion:
    """Create or change a draft conclusion; `adaptations` are (type, detail) pairs."""
    _require_case_work(actor, student)
    kept = {}
    if conclusion is None:
        conclusion = Conclusion.objects.create(
            student=student,
            analysis=analysis,
            drafted_by=actor,
            text_language=student.document_language,
        )
    else:
        conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
        if not conclusion_allows(conclusion.status, "edit"):
            raise RouteError(_("An issued conclusion is frozen; make a corrected version."))
        drop_stale(conclusion, {"analysis": analysis})
        conclusion.analysis = analysis
        conclusion.save(update_fields=["analysis", "translations"])
        # The other language's details stay with their adaptation while unchanged.
        kept = {
            a.adaptation_type_id: a.translations
            for a in conclusion.adaptations.all()
            if (a.adaptation_type_id, a.detail) in {(k.pk, d) for k, d in adaptations}
        }
        conclusion.adaptations.all().delete()
    RecommendedAdaptation.objects.bulk_create(
        RecommendedAdaptation(
            conclusion=conclusion,
            adaptation_type=kind,
            detail=detail,
            translations=kept.get(kind.pk, {}),
        )
        for kind, detail in adaptations
    )
    return conclusion


@transaction.atomic
def conclusion_submit(*, conclusion: Conclusion, actor) -> Conclusion:
    """The specialist sends the draft to the head to be issued; the head is told, and
    the draft is on the head's dashboard with the application's deadline."""
    conclusion = (
        Conclusion.objects.select_for_update().select_related("student").get(pk=conclusion.pk)
    )
    _require_case_work(actor, conclusion.student)
    if not conclusion_allows(conclusion.status, "submit"):
        raise RouteError(_("This conclusion is already issued."))
    if conclusion.submitted_at is not None:
        raise RouteError(_("This conclusion is already with the head of the centre."))
    conclusion.submitted_at = timezone.now()
    conclusion._history_user = actor
    conclusion.save(update_fields=["submitted_at"])
    route_notifications.conclusion_submitted(conclusion, actor)
    return conclusion


@transaction.atomic
def conclusion_issue(*, conclusion: Conclusion, actor, signed: bool = False) -> Conclusion:
    """`signed`: by routes/signing.py once the head's ЭЦП verified (#31)."""
    conclusion = (
        Conclusion.objects.select_for_update().select_related("student").get(pk=conclusion.pk)
    )
    _require_open_case(conclusion.student)
    _require_consent(conclusion.student)
    if not can_assign_cases(actor):
        raise RouteError(_("Only the head of the centre issues the conclusion."))
    if not conclusion_allows(conclusion.status, "issue"):
        raise RouteError(_("This conclusion is already issued."))
    require_signature_unless(signed, "conclusion_issue")
    conclusion.status = CONCLUSION_TRANSITIONS[(conclusion.status, "issue")]
    conclusion.issued_by = actor
    conclusion.issued_at = timezone.now()
    conclusion.register_entry = register_document(
        doc_type=CONCLUSION,
        student=conclusion.student,
        author=actor,
        language=conclusion.student.document_language,
    )
    conclusion.save(update_fields=["status", "issued_by", "issued_at", "register_entry"])
    if conclusion.supersedes_id:
        mark_superseded(conclusion.supersedes.register_entry_id, by=conclusion.register_entry)
    route_notifications.conclusion_issued(conclusion, actor)
    application_advance(
        student=conclusion.student, to_status=ApplicationStatus.CONCLUSION_ISSUED, actor=actor
    )
    return conclusion


@transaction.atomic
def conclusion_correct(*, conclusion: Conclusion, actor) -> Conclusion:
    """A correction of an issued conclusion: a new draft version that refers to it."""
    conclusion = Conclusion.objects.select_for_update().get(pk=conclusion.pk)
    _require_case_work(actor, conclusion.student)
    if not conclusion_allows(conclusion.status, "correct"):
        raise RouteError(_("Only an issued conclusion is corrected by a new version."))
    if Conclusion.objects.filter(supersedes=conclusion).exists():
        raise RouteError(_("A corrected version of this conclusion already exists."))
    new = Conclusion.objects.create(
        student=conclusion.student,
        version=conclusion.version + 1,
        supersedes=conclusion,
        analysis=conclusion.analysis,
        drafted_by=actor,
        text_language=conclusion.text_language,
        translations=conclusion.translations,
    )
    RecommendedAdaptation.objects.bulk_create(
        RecommendedAdaptation(
            conclusion=new,
            adaptation_type=a.adaptation_type,
            detail=a.detail,
            translations=a.translations,
        )
        for a in conclusion.adaptations.all()
    )
    return new


@transaction.atomic
def protocol_create(
    *, student: Student, actor, data: dict, attendees: list, measures, route=None
) -> MeetingProtocol:
    """`attendees` are (kind, user or None, name) triples."""
    _require_case_work(actor, student)
    protocol = MeetingProtocol.objects.create(
        student=student,
        route=route,
        created_by=actor,
        text_language=student.document_language,
        **data,
    )
    protocol.approved_measures.set(measures)
    route_notifications.protocol_to_sign(protocol, actor)
    ProtocolAttendee.objects.bulk_create(
        ProtocolAttendee(protocol=protocol, kind=kind, user=user, name=name)
        for kind, user, name in attendees
    )
    return protocol


@transaction.atomic
def protocol_sign(*, protocol: MeetingProtocol, actor, signed: bool = False) -> MeetingProtocol:
    """`signed`: by routes/signing.py once the chair's ЭЦП verified (#31)."""
    protocol = (
        MeetingProtocol.objects.select_for_update().select_related("student").get(pk=protocol.pk)
    )
    _require_open_case(protocol.student)
    _require_consent(protocol.student)
    if protocol.chair_id != actor.pk:
        raise RouteError(_("Only the chair of the meeting signs the protocol."))
    if not protocol_allows(protocol.status, "sign"):
        raise RouteError(_("This protocol is already signed."))
    require_signature_unless(signed, "protocol_sign")
    protocol.status = PROTOCOL_TRANSITIONS[(protocol.status, "sign")]
    protocol.signed_at = timezone.now()
    protocol.register_entry = register_document(
        doc_type=PROTOCOL,
        student=protocol.student,
        author=actor,
        language=protocol.student.document_language,
    )
    protocol.save(update_fields=["status", "signed_at", "register_entry"])
    return protocol


def case_file_queue(*, student, actor, language: str, variant: str, only_own: bool):
    """Queue the whole case file for `actor` (who may read it: the view checks), or
    return the one of theirs already waiting with the same options (a double click).
    The job and its task commit together."""
    options = {
        "requested_by": actor,
        "student": student,
        "language": language,
        "variant": variant,
        "only_own": only_own,
    }
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).first()  # one at a time
        waiting = [CaseFileJob.Status.QUEUED, CaseFileJob.Status.RUNNING]
        recent = timezone.now() - CaseFileJob.STALLED_AFTER
        job = CaseFileJob.objects.filter(
            **options, status__in=waiting, created_at__gte=recent
        ).first()
        if job is None:
            job = CaseFileJob.objects.create(**options)
            render_case_file.enqueue(job.pk)
    return job
