"""Every write to a case that matters. Keyword-only arguments, an explicit actor,
a transaction, and a translated domain error when the rule says no."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.models import RegisterEntry
from eagi_inclusion.errors import DomainError
from eagi_inclusion.roles import Role, has_role

from . import notifications
from .models import CaseAssignment, EmergencyAccess, HealthProfile, Student, User
from .permissions import (
    can_assign_cases,
    can_view_health,
    can_work_on_case,
    forget_case_permissions,
    grant_case_permissions,
    is_archived,
    may_break_the_glass,
    revoke_case_permissions,
)


class CaseError(DomainError):
    """A refused change to a case; the message is shown to the user."""


ARCHIVED = gettext_lazy("The case is archived: it can be read but no longer changed.")


@transaction.atomic
def case_assign(*, student: Student, specialist: User, actor: User) -> CaseAssignment:
    if not can_assign_cases(actor):
        raise CaseError(_("Only the head of the centre assigns specialists to cases."))
    if not specialist.is_active or not has_role(specialist, Role.SPECIALIST, Role.CENTRE_HEAD):
        raise CaseError(_("Cases can be assigned only to specialists of the centre."))
    # Lock the case so that two heads assigning at once create one assignment.
    student = Student.objects.select_for_update().get(pk=student.pk)
    if is_archived(student):
        raise CaseError(ARCHIVED)
    existing = CaseAssignment.objects.filter(
        student=student, specialist=specialist, ended_at__isnull=True
    ).first()
    if existing:
        return existing
    assignment = CaseAssignment.objects.create(
        student=student, specialist=specialist, assigned_by=actor
    )
    grant_case_permissions(specialist, student)
    notifications.case_assigned(assignment, actor)
    return assignment


@transaction.atomic
def case_unassign(*, student: Student, specialist: User, actor: User) -> None:
    if not can_assign_cases(actor):
        raise CaseError(_("Only the head of the centre assigns specialists to cases."))
    Student.objects.select_for_update().get(pk=student.pk)
    updated = CaseAssignment.objects.filter(
        student=student, specialist=specialist, ended_at__isnull=True
    ).first()
    if updated is None:
        raise CaseError(_("This specialist is not assigned to the case."))
    updated.ended_at = timezone.now()
    updated.ended_by = actor
    updated.save(update_fields=["ended_at", "ended_by"])
    revoke_case_permissions(specialist, student)


HEALTH_FIELDS = (
    "disability_group",
    "disability_valid_until",
    "mse_conclusion_number",
    "mse_conclusion_date",
    "notes",
)


@transaction.atomic
def health_profile_update(*, student: Student, actor: User, data: dict) -> HealthProfile:
    """Save the confidential health profile of a case; only staff working on it may."""
    if is_archived(student):
        raise CaseError(ARCHIVED)
    if not (can_view_health(actor, student) and can_work_on_case(actor, student)):
        raise CaseError(_("Only centre staff working on this case may change its health profile."))
    Student.objects.select_for_update().get(pk=student.pk)
    profile, _created = HealthProfile.objects.get_or_create(student=student)
    for field in HEALTH_FIELDS:
        setattr(profile, field, data[field])
    profile._change_reason = "health_profile_update"
    profile.save()
    profile.need_categories.set(data["need_categories"])
    return profile


def retention_end(student: Student, archived_on: datetime.date) -> datetime.date:
    """The archive date plus the longest retention period of the document types the
    case holds (settings.RETENTION_YEARS), or the default when it holds none."""

    kinds = set(RegisterEntry.objects.filter(student=student).values_list("doc_type", flat=True))
    years = max(
        [settings.RETENTION_YEARS.get(kind, settings.RETENTION_DEFAULT_YEARS) for kind in kinds]
        or [settings.RETENTION_DEFAULT_YEARS]
    )
    try:
        return archived_on.replace(year=archived_on.year + years)
    except ValueError:  # 29 February
        return archived_on.replace(year=archived_on.year + years, day=28) + datetime.timedelta(1)


_ON_ARCHIVE: list = []


def register_on_archive(step) -> None:
    """`step(student=, actor=)`: run by case_archive before the case is archived."""
    if step not in _ON_ARCHIVE:
        _ON_ARCHIVE.append(step)


@transaction.atomic
def case_archive(*, student: Student, actor: User, reason: str) -> Student:
    """The student graduated or left: the case becomes read-only and gets the date
    until which it is kept."""
    if not can_assign_cases(actor):
        raise CaseError(_("Only the head of the centre archives cases."))
    student = Student.objects.select_for_update().get(pk=student.pk)
    if is_archived(student):
        raise CaseError(ARCHIVED)
    if reason not in Student.ArchiveReason.values:
        raise CaseError(_("Choose why the case is archived."))
    # What the apps above end with the case (routes: the route in force is closed),
    # in the same transaction, before the case becomes read-only.
    for step in _ON_ARCHIVE:
        step(student=student, actor=actor)
    now = timezone.now()
    student.archived_at = now
    student.archived_by = actor
    student.archive_reason = reason
    student.retention_until = retention_end(student, timezone.localdate(now))
    student.save(update_fields=["archived_at", "archived_by", "archive_reason", "retention_until"])
    return student


@transaction.atomic
def emergency_access_grant(*, student: Student, actor: User, reason: str):
    """Break the glass: the head or the administrator opens a case outside their
    assignment for a few hours; the reason is kept and the head reviews it later."""

    if not may_break_the_glass(actor):
        raise CaseError(_("Only the head of the centre or an administrator may do this."))
    if len(reason.strip()) < 10:
        raise CaseError(_("Explain why you need this case now (at least a sentence)."))
    access = EmergencyAccess.objects.create(
        user=actor,
        student=student,
        reason=reason.strip(),
        expires_at=timezone.now() + datetime.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    forget_case_permissions(actor)
    return access


@transaction.atomic
def emergency_access_review(*, access_id, actor: User) -> EmergencyAccess | None:
    """The head marks an emergency access as reviewed (once; a second click changes
    nothing). Saved through the model, so the change history has the reviewer."""
    if not can_assign_cases(actor):
        raise CaseError(_("Only the head of the centre reviews emergency accesses."))
    access = (
        EmergencyAccess.objects.select_for_update()
        .filter(pk=access_id, reviewed_at__isnull=True)
        .first()
    )
    if access is None:
        return None
    access.reviewed_by = actor
    access.reviewed_at = timezone.now()
    access._history_user = actor
    access.save(update_fields=["reviewed_by", "reviewed_at"])
    return access
