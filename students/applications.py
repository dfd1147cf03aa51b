"""Services for applications: every write, with its rules, in one place."""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from documents.models import DocumentType
from documents.register import register_document

from . import consent as consent_text
from .models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    Consent,
    CourseAssignment,
    LegalRepresentative,
    Student,
    User,
)
from .notifications import notify_application_changed, notify_application_submitted
from .roles import Role, has_role
from .selectors import current_periods
from .workflow import next_status

logger = logging.getLogger(__name__)

Kind = Application.ApplicantKind


class ApplicationError(Exception):
    """A refused action on an application; the message is shown to the user."""


def may_apply_for(user: User, student: Student, applicant_kind: str) -> bool:
    if applicant_kind == Kind.STUDENT:
        return student.user_id == user.pk and has_role(user, Role.STUDENT)
    if applicant_kind == Kind.REPRESENTATIVE:
        return (
            has_role(user, Role.REPRESENTATIVE)
            and LegalRepresentative.objects.filter(user=user, student=student).exists()
        )
    if applicant_kind == Kind.TEACHER:
        return (
            has_role(user, Role.TEACHER)
            and CourseAssignment.objects.filter(
                teacher=user, group=student.study_group_id, period__in=current_periods()
            ).exists()
        )
    return False


def active_consent(student: Student) -> Consent | None:
    return student.consents.filter(withdrawn_at__isnull=True).first()


def consent_give(*, student: Student, actor: User, given_by_kind: str) -> Consent:
    return Consent.objects.create(
        student=student,
        given_by=actor,
        given_by_kind=given_by_kind,
        operator=str(consent_text.OPERATOR),
        purposes=str(consent_text.PURPOSES),
        data_categories=str(consent_text.DATA_CATEGORIES),
        text_version=consent_text.CONSENT_TEXT_VERSION,
    )


def _record(application, actor, from_status, to_status, comment=""):
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )


def application_submit(
    *,
    actor: User,
    student: Student,
    applicant_kind: str,
    data: dict,
    files: list,
    token,
    consent_given: bool,
    channel: str = Application.Channel.ONLINE,
) -> Application:
    """Submit and register an application. `files` holds (kind, CheckedFile) pairs that
    `students.uploads.check_uploads` accepted. A replay of the same token returns the
    application the first submission created."""
    existing = Application.objects.filter(submission_token=token).first()
    if existing is not None:
        return existing
    try:
        return _submit(
            actor=actor,
            student=student,
            applicant_kind=applicant_kind,
            data=data,
            files=files,
            token=token,
            consent_given=consent_given,
            channel=channel,
        )
    except IntegrityError:
        # The same form posted twice at the same instant: the other request won.
        existing = Application.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing


def _submit(*, actor, student, applicant_kind, data, files, token, consent_given, channel):
    stored = []
    try:
        with transaction.atomic():
            if channel == Application.Channel.PAPER:
                if not has_role(actor, Role.REGISTRY):
                    raise ApplicationError(_("Only the registry registers paper applications."))
            elif not may_apply_for(actor, student, applicant_kind):
                raise ApplicationError(_("You cannot apply for this student."))
            # One submission per student at a time: the row lock also orders
            # concurrent submissions before they take register numbers.
            Student.objects.select_for_update().get(pk=student.pk)
            consent = active_consent(student)
            if consent is None:
                if not consent_given or applicant_kind == Kind.TEACHER:
                    raise ApplicationError(
                        _(
                            "The application cannot be submitted without consent to the "
                            "processing of personal data. The student or their legal "
                            "representative gives it on the application form."
                        )
                    )
                consent = consent_give(
                    student=student,
                    actor=actor,
                    given_by_kind=Consent.GivenBy.REPRESENTATIVE
                    if applicant_kind == Kind.REPRESENTATIVE
                    else Consent.GivenBy.STUDENT,
                )
            entry = register_document(
                doc_type=DocumentType.APPLICATION,
                student=student,
                author=actor,
                language=data["document_language"],
            )
            application = Application.objects.create(
                student=student,
                channel=channel,
                applicant_kind=applicant_kind,
                submitted_by=actor,
                consent=consent,
                register_entry=entry,
                submission_token=token,
                status=Application.status.field.default,
                **data,
            )
            _record(application, actor, "", application.status)
            registered = next_status(application.status, "register")
            _record(application, actor, application.status, registered)
            application.status = registered
            application.save(update_fields=["status"])
            for kind, checked in files:
                attachment = ApplicationAttachment(
                    application=application,
                    kind=kind,
                    original_name=checked.upload.name[:255],
                    content_type=checked.content_type,
                    size=checked.size,
                    sha256=checked.sha256,
                    uploaded_by=actor,
                )
                checked.upload.seek(0)
                attachment.file.save("upload", checked.upload, save=False)
                stored.append(attachment.file)
                attachment.save()
            transaction.on_commit(lambda: notify_application_submitted(application.pk))
            return application
    except BaseException:
        # Nothing half-saved: the rows rolled back, so remove the files written.
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _transition(
    *, application_id: int, actor: User, action: str, comment: str, allowed
) -> Application:
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if not allowed(application):
            raise ApplicationError(_("You may not do this with this application."))
        new_status = next_status(application.status, action)
        if new_status is None:
            raise ApplicationError(
                _("This cannot be done now: the application is %(status)s.")
                % {"status": application.get_status_display()}
            )
        old_status = application.status
        application.status = new_status
        application.save(update_fields=["status"])
        _record(application, actor, old_status, new_status, comment)
        transaction.on_commit(lambda: notify_application_changed(application.pk))
        return application


def application_withdraw(
    *, application: Application, actor: User, comment: str = ""
) -> Application:
    return _transition(
        application_id=application.pk,
        actor=actor,
        action="withdraw",
        comment=comment,
        allowed=lambda app: app.submitted_by_id == actor.pk or app.student.user_id == actor.pk,
    )


def application_start_assessment(
    *, application: Application, actor: User, comment: str = ""
) -> Application:
    from .permissions import can_assign_cases

    return _transition(
        application_id=application.pk,
        actor=actor,
        action="start_assessment",
        comment=comment,
        allowed=lambda app: can_assign_cases(actor),
    )
