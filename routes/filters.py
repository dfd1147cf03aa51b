"""Filters of the route, conclusion and protocol lists (see students/filters.py for
the filters they share)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.filters import OrderingFilter
from students.choices import choices
from students.filters import DATE, CaseFilterSet

from .deadlines import overdue_routes
from .models import (
    Conclusion,
    DocumentStatus,
    MeetingProtocol,
    Route,
    RouteCourseSection,
    RouteStatus,
)


class RouteFilter(CaseFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RouteStatus.choices, empty_label=_("any")
    )
    period = django_filters.ChoiceFilter(
        label=_("Academic period"), choices=choices("period"), empty_label=_("any")
    )
    # Hundreds of courses and teachers: searched by text rather than chosen from a list.
    course = django_filters.CharFilter(
        label=_("Course"), method="by_course", help_text=_("Course code or part of its name.")
    )
    teacher = django_filters.CharFilter(
        label=_("Teacher"), method="by_teacher", help_text=_("The teacher's surname.")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="by_overdue",
        widget=forms.CheckboxInput,
        help_text=_(
            "Not approved although the period has begun, or waiting too long for teachers."
        ),
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("created_at", "created"),
            ("student__last_name", "name"),
            ("period__starts_on", "period"),
            ("status", "status"),
        ),
        field_labels={
            "created_at": _("Date created"),
            "student__last_name": _("Student"),
            "period__starts_on": _("Academic period"),
            "status": _("Status"),
        },
        empty_label=_("newest first"),
    )

    class Meta:
        model = Route
        fields = []

    def _sections(self, condition: Q):
        return Exists(RouteCourseSection.objects.filter(condition, route=OuterRef("pk")))

    def by_course(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            self._sections(
                Q(course__code__istartswith=value)
                | Q(course__name_kk__icontains=value)
                | Q(course__name_ru__icontains=value)
                | Q(course__name_en__icontains=value)
            )
        )

    def by_teacher(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            self._sections(
                Q(teacher__last_name__icontains=value) | Q(teacher__full_name_ru__icontains=value)
            )
        )

    def by_overdue(self, queryset, name, value):
        return overdue_routes(queryset) if value else queryset


class ConclusionFilter(CaseFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DocumentStatus.choices, empty_label=_("any")
    )
    issued_from = django_filters.DateFilter(
        label=_("Issued from"), field_name="issued_at", lookup_expr="date__gte", widget=DATE
    )
    issued_to = django_filters.DateFilter(
        label=_("Issued until"), field_name="issued_at", lookup_expr="date__lte", widget=DATE
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created"), ("issued_at", "issued"), ("student__last_name", "name")),
        field_labels={
            "created_at": _("Date created"),
            "issued_at": _("Date issued"),
            "student__last_name": _("Student"),
        },
        empty_label=_("newest first"),
    )

    class Meta:
        model = Conclusion
        fields = []


class ProtocolFilter(CaseFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(DocumentStatus.DRAFT, _("draft")), (DocumentStatus.ISSUED, _("signed"))],
        empty_label=_("any"),
    )
    date_from = django_filters.DateFilter(
        label=_("Meeting from"), field_name="date", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("Meeting until"), field_name="date", lookup_expr="lte", widget=DATE
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(("date", "date"), ("student__last_name", "name")),
        field_labels={"date": _("Meeting date"), "student__last_name": _("Student")},
        empty_label=_("newest first"),
    )

    class Meta:
        model = MeetingProtocol
        fields = []
