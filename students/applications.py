"""Services for applications: every write, with its rules, in one place."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.register import mark_withdrawn, register_document
from eagi_inclusion.errors import DomainError
from eagi_inclusion.middleware import object_storage_errors
from eagi_inclusion.roles import Role, has_role

from . import consent as consent_text
from . import notifications
from .models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    Consent,
    CourseAssignment,
    LegalRepresentative,
    Student,
    User,
)
from .permissions import can_assign_cases
from .selectors import current_periods
from .series import APPLICATION
from .workflow import MAIN_PATH, next_status

logger = logging.getLogger(__name__)

Kind = Application.ApplicantKind


class ApplicationError(DomainError):
    """A refused action on an application; the message is shown to the user."""


class ConsentNeeded(ApplicationError):
    """A teacher applied for a student who has not consented: refused, and the student
    (and their representatives) are asked to consent."""


class ApplicationAlreadyOpen(ApplicationError):
    """The student has an application in progress: a second one is not registered."""

    def __init__(self, application):
        self.application = application
        super().__init__(
            _(
                "%(student)s already has an application in progress, number %(number)s: "
                "it is shown instead of registering a second one."
            )
            % {
                "student": application.student.full_name,
                "number": application.register_entry.number,
            }
        )


# Statuses of an application still being dealt with: while one is open, another for the
# same student is not registered (one register number, one entry on the head's page).
OPEN_STATUSES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.REGISTERED,
    ApplicationStatus.IN_ASSESSMENT,
    ApplicationStatus.CONCLUSION_ISSUED,
    ApplicationStatus.ROUTE_IN_PREPARATION,
    ApplicationStatus.RETURNED,
]


STORAGE_UNAVAILABLE = gettext_lazy(
    "The files could not be stored: the server's storage is full or unavailable. Nothing "
    "was saved; please try again later or bring the documents to the centre."
)


def applicant_kind(user):
    """As whom this person applies: a student for themself, a representative for the
    student they represent, a teacher for a student they teach; None: may not apply."""
    if has_role(user, Role.STUDENT):
        return Application.ApplicantKind.STUDENT
    if has_role(user, Role.REPRESENTATIVE):
        return Application.ApplicantKind.REPRESENTATIVE
    if has_role(user, Role.TEACHER):
        return Application.ApplicantKind.TEACHER
    return None


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
        operator=consent_text.operator(),
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
    except ConsentNeeded:
        # After the refused transaction: the request for consent must not roll back.
        with transaction.atomic():
            notifications.consent_requested(student, actor)
        raise
    except IntegrityError:
        # The same form posted twice at the same instant: the other request won.
        existing = Application.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing


def _check_submission_rate(actor, channel) -> None:
    """At most APPLICATIONS_PER_HOUR online submissions by one account (the registry's
    paper applications are not limited: the clerk registers everyone's)."""
    if channel != Application.Channel.ONLINE:
        return
    limit = settings.APPLICATIONS_PER_HOUR
    since = timezone.now() - datetime.timedelta(hours=1)
    if Application.objects.filter(submitted_by=actor, submitted_at__gte=since).count() >= limit:
        raise ApplicationError(
            _(
                "You have submitted %(count)s applications in the last hour. Try again "
                "later, or contact the centre."
            )
            % {"count": limit}
        )


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
            locked = Student.objects.select_for_update().get(pk=student.pk)
            if locked.archived_at is not None:
                raise ApplicationError(
                    _("The case is archived: it can be read but no longer changed.")
                )
            # A double click's second request waited for the lock above: the first
            # request's application is the answer to both.
            replayed = Application.objects.filter(submission_token=token).first()
            if replayed is not None:
                return replayed
            already = (
                Application.objects.filter(student=student, status__in=OPEN_STATUSES)
                .select_related("register_entry", "student")
                .first()
            )
            if already is not None:
                raise ApplicationAlreadyOpen(already)
            _check_submission_rate(actor, channel)
            consent = active_consent(student)
            if consent is None:
                if applicant_kind == Kind.TEACHER:
                    raise ConsentNeeded(
                        _(
                            "The student has not consented to the processing of personal "
                            "data. The student and their legal representatives are asked to "
                            "apply themselves and consent; your request is not registered."
                        )
                    )
                if not consent_given:
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
                doc_type=APPLICATION,
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
            stored = _store_files(application, actor, files)
            notifications.application_submitted(application)
            return application
    except BaseException:
        # Nothing half-saved: the rows rolled back, so remove the files written.
        _delete_files(stored)
        raise


def _store_files(application, actor, files) -> list:
    """Write the checked files and their rows; return the files written so that a
    failure later in the transaction can remove them."""
    stored = []
    try:
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
    except (OSError, *object_storage_errors()) as error:
        # Disk full, read-only or gone, or the bucket out of reach: the transaction
        # rolls back, nothing is kept.
        _delete_files(stored)
        logger.exception("Could not store the files of an application")
        raise ApplicationError(str(STORAGE_UNAVAILABLE)) from error
    except BaseException:
        _delete_files(stored)
        raise
    return stored


def _delete_files(stored) -> None:
    for field_file in stored:
        field_file.storage.delete(field_file.name)


# Actions that go on processing the student's data need consent in force; withdrawing
# or declining an application does not.
_NEEDS_CONSENT = {"start_assessment", "resubmit"}


def _transition(
    *, application_id: int, actor: User, action: str, comment: str, allowed
) -> Application:
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("student").get(pk=application_id)
        )
        if application.student.archived_at is not None:
            raise ApplicationError(_("The case is archived: it can be read but no longer changed."))
        if not allowed(application):
            raise ApplicationError(_("You may not do this with this application."))
        new_status = next_status(application.status, action)
        if new_status is None:
            raise ApplicationError(
                _("This cannot be done now: the application is %(status)s.")
                % {"status": application.get_status_display()}
            )
        if action in _NEEDS_CONSENT and active_consent(application.student) is None:
            raise ApplicationError(
                _(
                    "Consent to the processing of personal data has been withdrawn: the "
                    "application cannot be processed further."
                )
            )
        old_status = application.status
        application.status = new_status
        application.save(update_fields=["status"])
        if new_status == ApplicationStatus.WITHDRAWN:
            mark_withdrawn(application.register_entry_id)
        _record(application, actor, old_status, new_status, comment)
        notifications.application_changed(application, actor)
        return application


def _is_applicant(actor: User):
    return lambda app: app.submitted_by_id == actor.pk or app.student.user_id == actor.pk


def _is_centre_head(actor: User):

    return lambda app: can_assign_cases(actor)


def application_withdraw(
    *, application: Application, actor: User, comment: str = ""
) -> Application:
    return _transition(
        application_id=application.pk,
        actor=actor,
        action="withdraw",
        comment=comment,
        allowed=_is_applicant(actor),
    )


def application_start_assessment(
    *, application: Application, actor: User, comment: str = ""
) -> Application:
    return _transition(
        application_id=application.pk,
        actor=actor,
        action="start_assessment",
        comment=comment,
        allowed=_is_centre_head(actor),
    )


def _reason_required(comment: str) -> None:
    if not comment.strip():
        raise ApplicationError(_("Give the reason: the applicant will read it."))


def application_return(*, application: Application, actor: User, comment: str) -> Application:
    """Back to the applicant for more information or documents."""
    _reason_required(comment)
    return _transition(
        application_id=application.pk,
        actor=actor,
        action="return",
        comment=comment,
        allowed=_is_centre_head(actor),
    )


def application_decline(*, application: Application, actor: User, comment: str) -> Application:
    _reason_required(comment)
    return _transition(
        application_id=application.pk,
        actor=actor,
        action="decline",
        comment=comment,
        allowed=_is_centre_head(actor),
    )


def application_resubmit(
    *, application: Application, actor: User, comment: str, files: list
) -> Application:
    """The applicant answers a return: adds documents and sends the application back."""
    stored = []
    try:
        with transaction.atomic():
            application = _transition(
                application_id=application.pk,
                actor=actor,
                action="resubmit",
                comment=comment,
                allowed=_is_applicant(actor),
            )
            stored = _store_files(application, actor, files)
            return application
    except BaseException:
        _delete_files(stored)
        raise


# Statuses from which the centre's work moves an application forward.
_OPEN = [
    ApplicationStatus.REGISTERED,
    ApplicationStatus.IN_ASSESSMENT,
    ApplicationStatus.CONCLUSION_ISSUED,
    ApplicationStatus.ROUTE_IN_PREPARATION,
]


def application_advance(*, student: Student, to_status: str, actor: User, comment: str = ""):
    """Move the student's open applications forward along the main path when the
    centre's work reaches a stage (conclusion issued, route drafted, route approved).
    Never moves one back, and never touches a returned, withdrawn or declined one.
    Runs inside the caller's transaction."""
    target = MAIN_PATH.index(to_status)
    for application in Application.objects.select_for_update().filter(
        student=student, status__in=_OPEN
    ):
        if MAIN_PATH.index(application.status) >= target:
            continue
        old_status = application.status
        application.status = to_status
        application.save(update_fields=["status"])
        _record(application, actor, old_status, to_status, comment)
        notifications.application_changed(application, actor)
