import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DocumentType, RegisterEntry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterFilter(django_filters.FilterSet):
    doc_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=DocumentType.choices, empty_label=_("any")
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
