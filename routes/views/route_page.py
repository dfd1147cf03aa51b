"""The route page: the route as each reader may see it (routes/views/routes.py has the
route's other pages and actions)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from documents.access_log import access_log
from documents.ecp import policy as ecp_policy
from documents.models import AccessEvent
from eagi_inclusion import compiled, data_version
from students.permissions import can_work_on_case, is_archived
from students.selectors import case_access_of_row_until, person_key, remember_case_access_of

from ..history import route_history
from ..models import Route, RouteDecision, RouteStatus, RouteSupportMeasure
from ..permissions import (
    can_acknowledge_route,
    can_comment_on_route,
    can_hand_over_sections,
    can_share_route_draft,
)
from ..selectors import route_list_visible_to, sections_visible_in
from ..workflow import available_actions
from .routes import route_level


@login_required
def route_detail(request, pk):
    """The route. Who may see it: whoever `route_list_visible_to` lets open it — centre
    staff on the case, the teachers of its courses from agreement on, the rector's
    office from approval on, the student and representatives once it is shown — each
    the part `route_level` gives. Every view is logged. The content is kept under the
    data version (eagi_inclusion.data_version.kept): the access check and the log run on
    every request, what they show is computed once per change of the data."""
    user = request.user
    found = compiled.rows(
        ("route page", person_key(user), pk),
        lambda: (
            route_list_visible_to(user, case_access=True)
            .select_related("approved_by")
            .filter(pk=pk)
        ),
    )
    if not found:
        raise Http404
    route = found[0]
    remember_case_access_of(user, route, route.student)
    content = data_version.kept(
        request,
        ["route", route.pk],
        lambda: render_to_string(
            "routes/route_detail_content.html", _route_page(user, route), request
        ),
        until=lambda: case_access_of_row_until(user, route),
    )
    access_log(
        request=request, action=AccessEvent.Action.CASE_VIEW, student=route.student, obj=route
    )
    return render(request, "routes/route_detail.html", {"route": route, "content": content})


def _route_page(user, route) -> dict:
    level = route_level(user, route)
    sections = sections_visible_in(route, user, full=level != "teacher")
    context = {
        "route": route,
        "level": level,
        "sections": sections,
        "measures": compiled.children(route, RouteSupportMeasure, "route", "measure_type")
        if level != "teacher"
        else [],
        "decisions": compiled.children(route, RouteDecision, "route", "actor"),
        "actions": available_actions(route, user),
        "can_edit": level == "staff"
        and route.status == RouteStatus.DRAFT
        and can_work_on_case(user, route.student),
        "can_revise": level == "staff"
        and route.status == RouteStatus.ACTIVE
        and can_work_on_case(user, route.student),
        "can_hand_over": level == "staff"
        and route.status == RouteStatus.AGREEMENT
        and can_hand_over_sections(user)
        and not is_archived(route.student),
        "to_agree": {
            s.pk
            for s in sections
            if s.teacher_id == user.pk
            and route.status == RouteStatus.AGREEMENT
            and not s.current_agreements
            and not is_archived(route.student)
        },
    }
    # The student's part (§4.4): staff show a draft; the student and representatives
    # comment on it and acknowledge the approved route.
    acknowledged = next(
        (
            d
            for d in context["decisions"]
            if d.actor_id == user.pk and d.event == RouteDecision.Event.ACKNOWLEDGED
        ),
        None,
    )
    context.update(
        may_share=level == "staff"
        and route.shared_at is None
        and can_share_route_draft(user, route),
        may_comment=level == "own" and can_comment_on_route(user, route),
        acknowledged=acknowledged,
        may_acknowledge=level == "own"
        and acknowledged is None
        and can_acknowledge_route(user, route),
    )
    if context["may_acknowledge"]:
        context["acknowledge_policy"] = ecp_policy("route_acknowledge")
    if level == "staff":
        context["edits"] = route_history(route)
        context["other_versions"] = compiled.rows(
            ("route's other versions", route.pk, route.student_id, route.period_id),
            lambda: (
                Route.objects.filter(student=route.student_id, period=route.period_id)
                .exclude(pk=route.pk)
                .order_by("-version")
            ),
        )
    return context
