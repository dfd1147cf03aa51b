"""The home page: a dashboard per role."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from routes.deadlines import agreement_overdue_since
from routes.permissions import can_approve_routes
from routes.selectors import letters_of, sections_to_agree
from students.models import ApplicationStatus
from students.notifications import Kind
from students.permissions import can_assign_cases, is_teacher
from students.selectors import application_list_visible_to, student_list_visible_to
from support import units
from support.models import UnitTask

from . import dashboards
from .permissions import (
    can_agree_beside_centre_work,
    can_follow_applications,
    can_follow_own_family,
    can_keep_case_deadlines,
    can_start_from_own_students,
)


@login_required
def home(request):
    """A dashboard per role: what this person may open and should do now."""
    user = request.user
    context = {
        "unread": user.notifications.filter(read_at__isnull=True).count(),
    }
    if can_start_from_own_students(user):
        # The first few of the students the user may see (one more tells whether the
        # list goes on); the head, who sees every case, starts from the centre's figures.
        first = list(student_list_visible_to(user)[:11])
        context["students"], context["more_students"] = first[:10], len(first) > 10
    if can_follow_own_family(user):
        mine = student_list_visible_to(user).filter(Q(user=user) | Q(representatives__user=user))
        context["family"] = dashboards.family(user, list(mine.distinct()))
        # A teacher asked the centre for support: the task stays until it is read.
        context["consent_requests"] = list(
            user.notifications.filter(kind=Kind.CONSENT_REQUESTED, read_at__isnull=True).order_by(
                "-created_at"
            )[:5]
        )
    if can_follow_applications(user):
        # Applicants follow their applications here; specialists see their cases'.
        context["applications"] = list(
            application_list_visible_to(user).order_by("-submitted_at", "-pk")[:10]
        )
    if can_keep_case_deadlines(user):
        # A specialist's deadlines, overdue ones first and flagged.
        context["due_next"] = dashboards.due_next(user)
    if can_assign_cases(user):
        context.update(dashboards.centre_figures(user))
        context.update(dashboards.head_queue(user))
        context["deadlines"] = settings.DEADLINES
        incoming = application_list_visible_to(user).filter(status=ApplicationStatus.REGISTERED)
        first = list(incoming.order_by("submitted_at", "pk")[:11])
        context["incoming"], context["more_incoming"] = first[:10], len(first) > 10
        # The units' tasks past their date (#30, item 4).
        context["unit_tasks_overdue"] = list(units.overdue(units.tasks_visible_to(user))[:10])
    if units.works_in_a_unit(user):
        open_tasks = units.tasks_visible_to(user).filter(status=UnitTask.Status.OPEN)
        context["unit_tasks"] = list(open_tasks.order_by("due", "pk")[:20])
        context["today"] = timezone.localdate()
    if can_approve_routes(user):
        context.update(dashboards.management(user))
    if can_agree_beside_centre_work(user):
        to_agree = list(sections_to_agree(user)[:20])
        if to_agree:
            context["to_agree"] = to_agree
            context["agreement_overdue_since"] = agreement_overdue_since()
    if is_teacher(user):
        context.update(dashboards.teacher(user))
        context["letters_pending"] = letters_of(user).filter(acknowledged_at__isnull=True).count()
    return render(request, "home.html", context)
