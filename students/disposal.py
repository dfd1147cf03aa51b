"""Destruction of a case's personal data when its retention has ended (regulation
§10.2; Law 94-V art. 12: data is destroyed when the term of keeping it is over).

What stays: the register entries (number, date, type) pointing to an anonymous
husk of the student record, the access log, and the act of destruction itself.

The case is this app's; the records other apps keep about it are theirs. Each app
that keeps any registers a purger in its AppConfig.ready() (`register_purger`), and
`case_dispose` runs them, the last registered first (an app above may point to the
records of an app below, never the other way), before removing this app's own."""

import datetime
from collections.abc import Callable

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.append_only import allow_disposal_deletes, end_disposal_deletes
from documents.exchange import STATUS_CHANGED, entries_changed
from documents.models import (
    CaseFileCopy,
    DisposalAct,
    EcpEvent,
    IssuedFile,
    PersonSignature,
    RegisterEntry,
    StampedCopy,
)
from documents.register import register_document
from eagi_inclusion.errors import DomainError

from .models import (
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    CaseAssignment,
    Consent,
    HealthProfile,
    LegalRepresentative,
    LinkRequest,
    Student,
    StudentUserObjectPermission,
)
from .permissions import can_assign_cases
from .series import DISPOSAL

# (student, counts) -> None: deletes an app's records about the student with `purge`.
Purger = Callable[[Student, dict], None]
_PURGERS: list[Purger] = []


class DisposalError(DomainError):
    pass


def register_purger(purger: Purger) -> None:
    if purger not in _PURGERS:
        _PURGERS.append(purger)


def purge(queryset: QuerySet, counts: dict, key: str) -> None:
    """Delete rows and, for models with django-simple-history, their history rows."""
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return
    model.objects.filter(pk__in=ids).delete()
    # After the rows: deleting a row writes one more history record (a copy of it).
    history = getattr(model, "history", None)
    if history is not None:
        # The history of many-to-many fields lives in models of its own, linked
        # without database constraints.
        prefix = f"Historical{model.__name__}_"
        for m2m_history in apps.get_models():
            if m2m_history.__name__.startswith(prefix):
                m2m_history.objects.filter(**{f"{model._meta.model_name}_id__in": ids}).delete()
        history.model.objects.filter(id__in=ids).delete()
    counts[key] = counts.get(key, 0) + len(ids)


@transaction.atomic
def case_dispose(*, student: Student, actor) -> DisposalAct:
    if not can_assign_cases(actor):
        raise DisposalError(_("Only the head of the centre destroys archived cases."))
    student = Student.objects.select_for_update().get(pk=student.pk)
    if student.archived_at is None or student.disposed_at is not None:
        raise DisposalError(_("Only an archived case that is not yet destroyed can be destroyed."))
    if student.retention_until is None or student.retention_until >= timezone.localdate():
        raise DisposalError(
            _("The retention period of this case ends on %(date)s.")
            % {"date": student.retention_until.strftime("%d.%m.%Y")}
        )
    # The append-only triggers accept this transaction's deletions until the end.
    allow_disposal_deletes()

    files = [
        a.file.name for a in ApplicationAttachment.objects.filter(application__student=student)
    ]
    files += [f.file.name for f in IssuedFile.objects.filter(register_entry__student=student)]
    stamped = StampedCopy.objects.filter(issued_file__register_entry__student=student)
    files += [copy.file.name for copy in stamped]
    links = LinkRequest.objects.filter(student=student).exclude(ground="")
    files += [link.ground.name for link in links]
    counts: dict[str, int] = {}
    for purger in reversed(_PURGERS):
        purger(student, counts)
    applications = Application.objects.filter(student=student)
    purge(
        ApplicationEvent.objects.filter(application__in=applications), counts, "application_events"
    )
    purge(ApplicationAttachment.objects.filter(application__in=applications), counts, "attachments")
    purge(applications, counts, "applications")
    purge(Consent.objects.filter(student=student), counts, "consents")
    purge(stamped, counts, "stamped_copies")
    purge(CaseFileCopy.objects.filter(student=student), counts, "case_files_given_out")
    purge(LinkRequest.objects.filter(student=student), counts, "link_requests")
    signatures = PersonSignature.objects.filter(register_entry__student=student)
    purge(signatures, counts, "ecp_signatures")
    purge(IssuedFile.objects.filter(register_entry__student=student), counts, "issued_files")
    purge(HealthProfile.objects.filter(student=student), counts, "health_profiles")
    purge(LegalRepresentative.objects.filter(student=student), counts, "representatives")
    purge(CaseAssignment.objects.filter(student=student), counts, "case_assignments")
    StudentUserObjectPermission.objects.filter(content_object=student).delete()
    # The student's ЭЦП attempts name the student's IIN (documents.EcpEvent).
    attempts = EcpEvent.objects.filter(iin=student.iin)
    if student.user_id:
        attempts = attempts | EcpEvent.objects.filter(user_id=student.user_id)
    purge(attempts, counts, "ecp_attempts")
    counts["student_history"] = student.history.count()
    student.history.all().delete()

    # An anonymous husk keeps the register's foreign keys valid.
    student.user = None
    student.iin = f"X{student.pk:011d}"[-12:]
    for field in (
        "last_name",
        "first_name",
        "patronymic",
        "full_name_ru",
        "preferred_name",
        "email",
        "phone",
    ):
        setattr(student, field, "")
    student.last_name = "—"
    student.date_of_birth = datetime.date(1900, 1, 1)
    student.disposed_at = timezone.now()
    student.skip_history_when_saving = True
    student.save()

    end_disposal_deletes()
    destroyed = list(RegisterEntry.objects.filter(student=student).values_list("pk", flat=True))
    RegisterEntry.objects.filter(pk__in=destroyed).update(
        status=RegisterEntry.Status.DESTROYED, status_changed_at=timezone.now()
    )
    entries_changed(destroyed, STATUS_CHANGED)  # the document-flow system's webhooks
    entry = register_document(doc_type=DISPOSAL, student=student, author=actor, language="kk")
    act = DisposalAct.objects.create(register_entry=entry, destroyed=counts, disposed_by=actor)

    def remove_files():
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
    return act
