"""The home page: a dashboard per role."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from eagi_inclusion import compiled, data_version
from eagi_inclusion.pagination import BoundedPaginator
from routes.deadlines import agreement_overdue_since
from routes.models import TeacherLetter
from routes.permissions import can_approve_routes
from students.models import Application, ApplicationStatus, Notification, Student
from students.notifications import Kind
from students.permissions import can_assign_cases, has_global_case_access, is_teacher
from students.selectors import (
    application_list_key,
    application_list_visible_to,
    case_access_until,
    student_list_key,
    student_list_visible_to,
)
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
    """A dashboard per role: what this person may open and should do now. Who may see
    it: every signed-in person, each their own; every section below is read through
    the selectors scoped to the person.

    The rendered dashboard is kept in the shared cache under the data version
    (eagi_inclusion/data_version.py): any write to the database makes it stale, so the
    person sees it again exactly as it would be computed. What changes with the clock
    rather than with a write is in the key (the date, hence the current period and
    what is overdue) or bounds the entry's life: an emergency access ends when it
    expires, everything else after data_version.MAX_AGE seconds."""
    user = request.user
    dashboard = data_version.kept(
        request,
        ["home", "2" if request.session.get("eagi_second_factor") else "1"],
        lambda: render_to_string("workspace/dashboard.html", _dashboard(user), request),
        until=lambda: case_access_until(user),
    )
    return render(request, "home.html", {"dashboard": dashboard})


def newest_applications(user, count: int = 10) -> list[Application]:
    """The newest applications the user follows. A specialist's cases are a literal id
    list (students.selectors.staff_case_ids): ordered by an expression rather than by
    the column, PostgreSQL reads their applications through the (student, submitted)
    index and sorts those few hundred, instead of walking every application of the
    institute newest first until ten of theirs turn up — 99,778 rows for a specialist
    whose cases are older than most, at 100,000 students (docs/performance.md). The
    ten are chosen in a subquery of the applications alone, and only they are joined
    to their students and register entries: joined before the choice, PostgreSQL
    hashed every student of the institute to find the few hundred (5.7 ms of 6 at
    20,000 students; 0.6 ms so). The order is the column's
    (tests/workspace/test_dashboards.py). The SQL is kept per reader
    (eagi_inclusion.compiled)."""

    def build():
        applications = application_list_visible_to(user)
        if not has_global_case_access(user):  # the head keeps the index's order
            newest = Coalesce("submitted_at", "submitted_at").desc()
            chosen = applications.order_by(newest, "-pk").values("pk")[:count]
            applications = Application.objects.filter(pk__in=chosen)
        return dashboards.shown_only(  # the number, the student's name, the status
            applications, ["status", "register_entry", "register_entry__number"], ["register_entry"]
        ).order_by("-submitted_at", "-pk")[:count]

    return compiled.rows(("home: newest applications", application_list_key(user), count), build)


def first_students(user, count: int) -> list[Student]:
    """The first students by name of those the user may see (not everyone: the head's
    home starts from the figures). Ordered by expressions for the reason of
    `newest_applications`: the name index walked in order passed 2,494 other students
    before a specialist's first eleven at 100,000 students; their own 200, sorted, are
    read in a tenth of the time. The order is the index's: name, then id. The SQL is
    kept per reader (eagi_inclusion.compiled)."""

    def build():
        name = [Coalesce(field, field) for field in ("last_name", "first_name")]
        shown = (  # what the home shows: the name and the group
            student_list_visible_to(user)
            .select_related(None)
            .select_related("study_group")
            .only(*dashboards.STUDENT_NAME, "study_group", "study_group__code")
        )
        return shown.order_by(*name, "pk")[:count]

    return compiled.rows(("home: first students", student_list_key(user), count), build)


def _dashboard(user) -> dict:
    context = {
        "unread": compiled.count(
            ("home: unread", user.pk),
            lambda: Notification.objects.filter(recipient=user.pk, read_at__isnull=True),
            "recipient",
        ),
    }
    if can_start_from_own_students(user):
        # The first few of the students the user may see (one more tells whether the
        # list goes on); the head, who sees every case, starts from the centre's figures.
        first = list(first_students(user, 11))
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
        context["applications"] = list(newest_applications(user))
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
        to_agree = dashboards.to_agree_shown(user, 20)
        if to_agree:
            context["to_agree"] = to_agree
            context["agreement_overdue_since"] = agreement_overdue_since()
    if is_teacher(user):
        context.update(dashboards.teacher(user))
        context["letters_pending"] = compiled.count(
            ("home: letters pending", user.pk),
            lambda: TeacherLetter.objects.filter(teacher=user.pk, acknowledged_at__isnull=True),
            "teacher",
        )
    return context


@login_required
def workload(request):
    """Every specialist's open cases and routes in work, the busiest first, a page at a
    time (the home shows the first few). Who may see it: whoever assigns cases — the
    head of the centre — as on the home; it shows counts and names of staff, no
    student's data."""
    if not can_assign_cases(request.user):
        raise PermissionDenied
    page = BoundedPaginator(dashboards.workload(), 50).get_page(request.GET.get("page"))
    return render(
        request, "workspace/workload.html", {"page_obj": page, "workload": page.object_list}
    )
