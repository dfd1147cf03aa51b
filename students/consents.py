"""Consent to the processing of personal data after it was given with an application:
withdrawn by the student or their representative, given again, and what stops while
it is withdrawn (Law 94-V, art. 8; #30, item 8)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notifications
from .applications import ApplicationError, active_consent, consent_give
from .models import Consent, LegalRepresentative, Student, User


def processing_stopped(student: Student) -> Consent | None:
    """The withdrawn consent, when the student's latest consent was withdrawn and none
    was given since: the processing that needs consent stops (Law 94-V, art. 8), and
    what the law allows to keep stays readable (#30, item 8). One query."""
    latest = student.consents.order_by("-given_at", "-pk").select_related("withdrawn_by").first()
    return latest if latest is not None and latest.withdrawn_at is not None else None


def stopped_reason(consent: Consent) -> str:
    return _(
        "Consent to the processing of the personal data of %(student)s was withdrawn on "
        "%(date)s: the centre's work on the case stops until consent is given again."
    ) % {
        "student": consent.student.full_name,
        "date": timezone.localtime(consent.withdrawn_at).strftime("%d.%m.%Y"),
    }


def consent_give_again(*, student: Student, actor: User) -> Consent:
    """The student or their legal representative consents again after a withdrawal:
    the centre's work on the case goes on (processing_stopped). Nothing happens when a
    consent is in force already (a double click)."""
    with transaction.atomic():
        Student.objects.select_for_update().filter(pk=student.pk).first()
        if student.user_id == actor.pk:
            kind = Consent.GivenBy.STUDENT
        elif LegalRepresentative.objects.filter(user=actor, student=student).exists():
            kind = Consent.GivenBy.REPRESENTATIVE
        else:
            raise ApplicationError(_("Only the student or their legal representative may do this."))
        return active_consent(student) or consent_give(
            student=student, actor=actor, given_by_kind=kind
        )


def consent_withdraw(*, consent: Consent, actor: User) -> Consent:
    """The student or their representative withdraws consent; recorded, and from now
    on the centre's processing of the applications stops."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        student = consent.student
        may = (
            student.user_id == actor.pk
            or LegalRepresentative.objects.filter(user=actor, student=student).exists()
        )
        if not may:
            raise ApplicationError(_("Only the student or their legal representative may do this."))
        if consent.withdrawn_at is not None:
            return consent
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = actor
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        if processing_stopped(student) is not None:
            notifications.consent_withdrawn(student, actor)
        return consent
