"""Individual education routes: drafting, course sections, the workflow's steps,
versions, teachers' agreement and letters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from documents.access_log import access_log
from documents.ecp import policy as ecp_policy
from documents.models import AccessEvent
from eagi_inclusion.pagination import BoundedPaginator
from eagi_inclusion.views import confirm_page
from students.permissions import (
    can_read_case_as_staff,
    is_own_case,
)

from .. import services
from ..diff import compare
from ..filters import RouteFilter
from ..forms import (
    CommentForm,
    RouteCreateForm,
    RouteForm,
    SectionForm,
    SectionHandoverForm,
    SupportMeasureForm,
)
from ..models import (
    DocumentStatus,
    RouteCourseSection,
    TeacherLetter,
)
from ..permissions import (
    can_agree_sections,
    can_approve_routes,
    can_decide_section,
    can_hand_over_sections,
)
from ..selectors import letters_of, route_list_visible_to, sections_in_force, sections_to_agree
from ..services import RouteConflict, RouteError
from ..workflow import ACTIONS, may
from .common import case_for_staff, form_page


class RouteListView(LoginRequiredMixin, FilterView):
    """Every route the user may see (route_list_visible_to), filtered and paged."""

    filterset_class = RouteFilter
    template_name = "routes/route_list.html"
    paginate_by = 25
    paginator_class = BoundedPaginator
    context_object_name = "routes"

    def get_queryset(self):
        return route_list_visible_to(self.request.user).order_by("-created_at", "-pk")


@login_required
def route_create(request, student_pk):
    student = case_for_staff(request, student_pk)
    form = RouteCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        conclusion = (
            student.conclusions.filter(status=DocumentStatus.ISSUED).order_by("-issued_at").first()
        )
        last = (
            student.routes.approved().order_by("-period__starts_on", "-version").first()
            if form.cleaned_data["copy_last"]
            else None
        )
        try:
            route = services.route_create(
                student=student,
                period=form.cleaned_data["period"],
                actor=request.user,
                conclusion=conclusion,
                copy_from=last,
            )
        except RouteError as error:
            form.add_error(None, str(error))
        else:
            return redirect(route)
    return form_page(request, _("New individual education route"), form, student.get_absolute_url())


def visible_route(request, pk):
    return get_object_or_404(route_list_visible_to(request.user, one=True), pk=pk)


def route_level(user, route) -> str:
    if can_read_case_as_staff(user, route.student):
        return "staff"
    if is_own_case(user, route.student):
        return "own"
    if can_approve_routes(user):
        return "management"
    return "teacher"


def _staff_route(request, pk, *, shown: bool = False):
    """The route, for centre staff on its case; `shown` as for conclusions."""
    route = visible_route(request, pk)
    if route_level(request.user, route) != "staff":
        raise PermissionDenied
    if shown and request.method == "GET":
        access_log(
            request=request, action=AccessEvent.Action.CASE_VIEW, student=route.student, obj=route
        )
    return route


@login_required
def route_edit(request, pk):
    route = _staff_route(request, pk, shown=True)
    form = RouteForm(
        request.POST if request.method == "POST" else None,
        instance=route,
        initial={"lock_version": route.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in RouteForm.Meta.fields}
        return _versioned_save(
            request,
            route,
            form,
            lambda lock_version: services.route_update(
                route=route, actor=request.user, lock_version=lock_version, data=data
            ),
        )
    return form_page(request, _("Edit the route"), form, route.get_absolute_url())


def _versioned_save(request, route, form, save):
    """Run a version-checked save; a stale form gets the conflict page (409) showing
    what the person tried to save, any other refusal a message."""
    try:
        save(form.cleaned_data["lock_version"])
    except RouteConflict as error:
        route.refresh_from_db()
        return render(
            request,
            "routes/conflict.html",
            {"route": route, "message": str(error), "form": form},
            status=409,
        )
    except RouteError as error:
        messages.error(request, str(error))
    return redirect(route)


@login_required
def section_edit(request, pk):
    section = get_object_or_404(RouteCourseSection.objects.select_related("route", "course"), pk=pk)
    route = _staff_route(request, section.route_id, shown=True)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        instance=section,
        initial={"lock_version": route.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in SectionForm.Meta.fields if f != "adaptation_types"}
        return _versioned_save(
            request,
            route,
            form,
            lambda lock_version: services.section_update(
                section=section,
                actor=request.user,
                lock_version=lock_version,
                data=data,
                adaptation_types=form.cleaned_data["adaptation_types"],
            ),
        )
    return form_page(
        request,
        _("Course section: %(course)s") % {"course": section.course},
        form,
        route.get_absolute_url(),
    )


@login_required
def measure_add(request, pk):
    route = _staff_route(request, pk)
    form = SupportMeasureForm(
        request.POST if request.method == "POST" else None,
        initial={"lock_version": route.lock_version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in SupportMeasureForm.Meta.fields}
        return _versioned_save(
            request,
            route,
            form,
            lambda lock_version: services.support_measure_add(
                route=route, actor=request.user, lock_version=lock_version, data=data
            ),
        )
    return form_page(request, _("New support measure"), form, route.get_absolute_url())


ACTION_SERVICES = {
    "send_for_agreement": services.route_send_for_agreement,
    "approve": services.route_approve,
    "return": services.route_return,
    "close": services.route_close,
}


@login_required
def route_transition(request, pk, action):
    """GET: a confirmation page with a comment; POST: the service, then back."""
    if action not in ACTION_SERVICES:
        raise PermissionDenied
    route = visible_route(request, pk)
    if not may(request.user, route, action):
        raise PermissionDenied
    form = CommentForm(
        request.POST if request.method == "POST" else None, required=action == "return"
    )
    if request.method == "POST" and form.is_valid():
        try:
            ACTION_SERVICES[action](
                route=route, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except RouteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action]})
        return redirect(route)
    return render(
        request,
        "routes/confirm.html",
        {
            "route": route,
            "form": form,
            "title": ACTIONS[action],
            # Approval with ЭЦП where the institution allows or requires it (#31).
            "ecp_policy": ecp_policy("route_approve") if action == "approve" else "click",
            "sign_url": reverse("routes:decision-sign", args=["route_approve", route.pk]),
        },
    )


SECTION_DECISIONS = {"agree": services.section_agree, "return": services.section_return}


@login_required
def section_decide(request, pk, decision):
    if decision not in SECTION_DECISIONS:
        raise PermissionDenied
    section = get_object_or_404(RouteCourseSection.objects.select_related("route", "course"), pk=pk)
    route = visible_route(request, section.route_id)
    if not can_decide_section(request.user, section):
        raise PermissionDenied
    form = CommentForm(
        request.POST if request.method == "POST" else None, required=decision == "return"
    )
    if request.method == "POST" and form.is_valid():
        try:
            SECTION_DECISIONS[decision](
                section=section, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except RouteError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your decision is recorded."))
        # A returned route is a draft again, which teachers do not see: back to the
        # teacher's own page then, never to a 404.
        if route_list_visible_to(request.user, one=True).filter(pk=route.pk).exists():
            return redirect(route)
        return redirect("routes:teacher-work")
    title = _("Agree") if decision == "agree" else _("Return for revision")
    return render(
        request,
        "routes/confirm.html",
        {
            "route": route,
            "form": form,
            "title": f"{title}: {section.course}",
            # A teacher's agreement signed with ЭЦП where the institution uses it (#31).
            "ecp_policy": ecp_policy("section_agree") if decision == "agree" else "click",
            "sign_url": reverse("routes:countersign", args=["section_agree", section.pk]),
        },
    )


@login_required
def route_new_version(request, pk):
    """GET: a confirmation; POST: a new draft version of the route in force."""
    route = _staff_route(request, pk)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Revise: make a new version"),
            question=_(
                "A copy of this route becomes a new draft; this version stays in force "
                "until the new one is approved."
            ),
            confirm_label=_("Make a new version"),
            back=route.get_absolute_url(),
        )
    try:
        new = services.route_new_version(route=route, actor=request.user)
    except RouteError as error:
        messages.error(request, str(error))
        return redirect(route)
    return redirect(new)


@login_required
def teacher_work(request):
    """A teacher's sections to agree and letters to acknowledge."""
    if not can_agree_sections(request.user):
        raise PermissionDenied
    letters = BoundedPaginator(letters_of(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "routes/teacher_work.html",
        {
            "to_agree": list(sections_to_agree(request.user)),
            "letters": letters.object_list,
            "page_obj": letters,
        },
    )


@login_required
def teacher_adaptations(request):
    """Every section of the teacher's courses with a route in force this semester, a
    page at a time (the home shows the first ten): what to apply in classes and exams.
    Who may see it: whoever may open the teaching page, each their own sections; it
    shows the adaptations, never the health data behind them."""
    if not can_agree_sections(request.user):
        raise PermissionDenied
    page = BoundedPaginator(sections_in_force(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "routes/teacher_adaptations.html",
        {"in_force": page.object_list, "page_obj": page},
    )


@require_POST
@login_required
def letter_acknowledge(request, pk):
    letter = get_object_or_404(TeacherLetter.objects.filter(teacher=request.user), pk=pk)
    services.letter_acknowledge(letter=letter, actor=request.user)
    messages.success(request, _("The letter is acknowledged."))
    return redirect("routes:teacher-work")


@login_required
def route_compare(request, pk):
    """This version beside the one it replaces (or another version, ?with=ID)."""
    route = visible_route(request, pk)
    if route_level(request.user, route) == "teacher":
        raise PermissionDenied
    # One case's versions of one period: a few rows, so the per-row EXISTS of `one`.
    versions = route_list_visible_to(request.user, one=True).filter(
        student=route.student_id, period=route.period_id
    )
    other_pk = request.GET.get("with") or route.supersedes_id
    if not str(other_pk or "").isdigit():
        other_pk = None  # ?with=abc: no such version, not a server error (#28, finding 7)
    other = get_object_or_404(versions.exclude(pk=route.pk), pk=other_pk) if other_pk else None
    if other is None:
        messages.error(request, _("There is no other version to compare with."))
        return redirect(route)
    old, new = (other, route) if other.version < route.version else (route, other)
    return render(
        request,
        "routes/route_compare.html",
        {"old": old, "new": new, "groups": compare(old, new)},
    )


@login_required
def section_handover(request, pk):
    """The centre head (others 403): give a section to another teacher, or agree it on
    the teacher's behalf, with a reason. GET: the form; POST: the service, then the
    route."""
    section = get_object_or_404(
        RouteCourseSection.objects.select_related("route", "course", "teacher"), pk=pk
    )
    if not can_hand_over_sections(request.user):
        raise PermissionDenied
    route = section.route
    form = SectionHandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "reassign":
                services.section_reassign(
                    section=section,
                    actor=request.user,
                    teacher=data["teacher"],
                    reason=data["reason"],
                )
                done = _("The section of %(course)s is now %(teacher)s's to agree.") % {
                    "course": section.course,
                    "teacher": data["teacher"].get_full_name(),
                }
            else:
                services.section_agree_on_behalf(
                    section=section, actor=request.user, reason=data["reason"]
                )
                done = _("The section of %(course)s is agreed on its teacher's behalf.") % {
                    "course": section.course
                }
        except RouteError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(route)
    title = _("Hand over the section of %(course)s (now %(teacher)s)") % {
        "course": section.course,
        "teacher": section.teacher.get_full_name(),
    }
    return form_page(request, title, form, route.get_absolute_url())
