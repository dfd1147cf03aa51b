"""Every write to a case that matters. Keyword-only arguments, an explicit actor,
a transaction, and a translated domain error when the rule says no."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CaseAssignment, HealthProfile, Student, User
from .permissions import (
    can_assign_cases,
    can_view_health,
    can_work_on_case,
    grant_case_permissions,
    revoke_case_permissions,
)
from .roles import Role, has_role


class CaseError(Exception):
    """A refused change to a case; the message is shown to the user."""


@transaction.atomic
def case_assign(*, student: Student, specialist: User, actor: User) -> CaseAssignment:
    if not can_assign_cases(actor):
        raise CaseError(_("Only the head of the centre assigns specialists to cases."))
    if not specialist.is_active or not has_role(specialist, Role.SPECIALIST, Role.CENTRE_HEAD):
        raise CaseError(_("Cases can be assigned only to specialists of the centre."))
    # Lock the case so that two heads assigning at once create one assignment.
    Student.objects.select_for_update().get(pk=student.pk)
    existing = CaseAssignment.objects.filter(
        student=student, specialist=specialist, ended_at__isnull=True
    ).first()
    if existing:
        return existing
    assignment = CaseAssignment.objects.create(
        student=student, specialist=specialist, assigned_by=actor
    )
    grant_case_permissions(specialist, student)
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
