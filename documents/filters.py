import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.widgets import FastSelectFilterSet

from .kinds import series_choices
from .models import RegisterEntry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterFilter(FastSelectFilterSet, django_filters.FilterSet):
    doc_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=series_choices, empty_label=_("any")
    )
    registered_from = django_filters.DateFilter(
        label=_("Registered from"),
        field_name="registered_at",
        lookup_expr="date__gte",
        widget=DATE,
    )
    registered_to = django_filters.DateFilter(
        label=_("Registered until"),
        field_name="registered_at",
        lookup_expr="date__lte",
        widget=DATE,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RegisterEntry.Status.choices, empty_label=_("any")
    )
    number = django_filters.CharFilter(
        label=_("Registration number"), field_name="number", lookup_expr="icontains"
    )

    class Meta:
        model = RegisterEntry
        fields = ["doc_type", "registered_from", "registered_to", "status", "number"]


class AccessEventFilter(FastSelectFilterSet, django_filters.FilterSet):
    from .models import AccessEvent

    actor = django_filters.CharFilter(label=_("Who (user name or surname)"), method="by_actor")
    iin = django_filters.CharFilter(label=_("Student's IIN"), field_name="student__iin")
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AccessEvent.Action.choices, empty_label=_("any")
    )
    since = django_filters.DateFilter(
        label=_("From"), field_name="occurred_at", lookup_expr="date__gte", widget=DATE
    )
    until = django_filters.DateFilter(
        label=_("Until"), field_name="occurred_at", lookup_expr="date__lte", widget=DATE
    )

    class Meta:
        from .models import AccessEvent

        model = AccessEvent
        fields = ["actor", "iin", "action", "since", "until"]

    def by_actor(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(
            Q(actor__username__iexact=value) | Q(actor__last_name__icontains=value)
        )
