import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Student, StudyGroup


class StudentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or IIN"), method="search", help_text=_("Part of a name, or the IIN.")
    )
    study_group = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=StudyGroup.objects.order_by("code")
    )

    class Meta:
        model = Student
        fields = ["q", "study_group"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(iin__startswith=value)
        condition = Q()
        for word in value.split():
            # icontains folds case for Cyrillic on PostgreSQL and SQLite alike
            # (SQLite's LIKE does not, so its search is case-sensitive for Cyrillic).
            condition &= (
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(patronymic__icontains=word)
                | Q(full_name_ru__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        return queryset.filter(condition)


class ApplicationFilter(django_filters.FilterSet):
    from .models import ApplicationStatus

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices, empty_label=_("any")
    )
    number = django_filters.CharFilter(
        label=_("Registration number"), field_name="register_entry__number", lookup_expr="icontains"
    )

    class Meta:
        from .models import Application

        model = Application
        fields = ["status", "number"]
