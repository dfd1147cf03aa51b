"""The daily digest's overdue items: the one place that knows every app's deadlines.
students.notifications.send_digests sends the digest and asks this for each person."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from eagi_inclusion.roles import Role, user_roles
from routes.deadlines import agreement_overdue_since, overdue_routes
from routes.models import RouteStatus
from routes.selectors import route_list_visible_to, sections_to_agree
from students.deadlines import overdue_conclusions
from students.selectors import application_list_visible_to
from support.aids import aids_visible_to
from support.complaints import overdue_for_handler
from support.units import overdue as overdue_tasks
from support.units import tasks_visible_to, works_in_a_unit


def overdue_for(user) -> list[tuple[str, int, str]]:
    """(what, how many, where to look) for the overdue items this person answers for:
    the centre head for every case, a specialist for their cases, a teacher for the
    sections waiting for them, the rector's office for routes waiting for approval."""
    roles = user_roles(user)
    items = []
    if roles & {Role.CENTRE_HEAD, Role.SPECIALIST}:
        applications = overdue_conclusions(application_list_visible_to(user)).count()
        if applications:
            items.append(
                (
                    gettext_lazy("applications without a conclusion after the deadline"),
                    applications,
                    reverse("students:application-list") + "?overdue=on",
                )
            )
        aids = aids_visible_to(user, "overdue").count()
        if aids:
            items.append(
                (
                    gettext_lazy("technical aids not returned by their due date"),
                    aids,
                    reverse("support:aids") + "?show=overdue",
                )
            )
        routes = overdue_routes(route_list_visible_to(user)).count()
        if routes:
            items.append(
                (
                    gettext_lazy("routes not approved in time or waiting too long for teachers"),
                    routes,
                    reverse("routes:route-list") + "?overdue=on",
                )
            )
    if Role.CENTRE_HEAD in roles or works_in_a_unit(user):
        count = overdue_tasks(tasks_visible_to(user)).count()
        if count:
            items.append(
                (
                    gettext_lazy("units' tasks past their date"),
                    count,
                    reverse("support:unit-tasks") + "?show=overdue",
                )
            )
    complaints = overdue_for_handler(user)
    if complaints is not None and (count := complaints.count()):
        items.append(
            (
                gettext_lazy("reports of mistreatment not taken up or answered in time"),
                count,
                reverse("support:complaints") + "?show=overdue",
            )
        )
    if Role.TEACHER in roles:
        count = sections_to_agree(user).filter(sent_at__lt=agreement_overdue_since()).count()
        if count:
            items.append(
                (
                    gettext_lazy("course sections waiting for your agreement too long"),
                    count,
                    reverse("routes:teacher-work"),
                )
            )
    if Role.MANAGEMENT in roles:
        count = route_list_visible_to(user).filter(status=RouteStatus.APPROVAL).count()
        if count:
            items.append(
                (
                    gettext_lazy("routes waiting for your approval"),
                    count,
                    reverse("routes:route-list") + "?status=approval",
                )
            )
    return items
