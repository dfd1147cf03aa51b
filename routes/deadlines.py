"""Overdue routes, by the targets in settings.DEADLINES (the intake's are
students.deadlines). Each function is one query whatever the data size."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from students.deadlines import today

from .models import Route, RouteDecision, RouteStatus


def sent_for_agreement_at(route_ref: str = "pk") -> Subquery:
    """When a route was last sent for agreement: a correlated subquery on the
    decisions' (route, time) index, read only for the rows a page shows. A join to
    every decision with GROUP BY over every joined table was planned as nested loops
    over whole tables whenever the planner's statistics were stale."""
    return Subquery(
        RouteDecision.objects.filter(route=OuterRef(route_ref), to_status=RouteStatus.AGREEMENT)
        .order_by("-at")
        .values("at")[:1]
    )


def agreement_overdue_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=settings.DEADLINES["agreement_days"])


def overdue_routes(routes: QuerySet[Route]) -> QuerySet[Route]:
    """Routes late for their period (not yet approved although it has begun) or waiting
    for teachers longer than the target, each once. The one place "overdue" is written:
    the dashboards, the digest and the head's list all ask this (#29)."""
    sent_recently = RouteDecision.objects.filter(
        route=OuterRef("pk"), to_status=RouteStatus.AGREEMENT, at__gte=agreement_overdue_since()
    )
    return routes.filter(
        Q(
            status__in=[RouteStatus.DRAFT, RouteStatus.AGREEMENT, RouteStatus.APPROVAL],
            period__starts_on__lte=today(),
        )
        | Q(Q(status=RouteStatus.AGREEMENT) & ~Exists(sent_recently))
    )
