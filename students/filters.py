"""Filters of the case lists. Every list filters a queryset that a selector has
already scoped to what the user may see; the filters only narrow it further.

`CaseFilterSet` holds the filters a centre uses on every list (search, faculty,
programme, group, year of study, SEN category, specialist); each list names the path
from its model to the student. Filters that reveal health information or the
centre's internal work are dropped from the form for anyone who is not centre staff.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.filters import OrderingFilter
from eagi_inclusion.widgets import FastSelectFilterSet

from .choices import choices
from .deadlines import overdue_conclusions
from .models import ApplicationStatus, CaseAssignment, HealthProfile, Student
from .permissions import is_centre_staff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YEARS_OF_STUDY = [(year, str(year)) for year in range(1, 8)]
# Filters that only centre staff may use: they tell something about health or the
# centre's internal work.
STAFF_ONLY = ("need_category", "specialist", "unassigned")


def name_condition(value: str, path: str = "") -> Q:
    """Every word must match part of a name. On PostgreSQL `icontains` folds case
    for Kazakh and Russian letters alike (UPPER under a UTF-8 locale)."""
    condition = Q()
    for word in value.split():
        condition &= (
            Q(**{f"{path}last_name__icontains": word})
            | Q(**{f"{path}first_name__icontains": word})
            | Q(**{f"{path}patronymic__icontains": word})
            | Q(**{f"{path}full_name_ru__icontains": word})
            | Q(**{f"{path}preferred_name__icontains": word})
        )
    return condition


class CaseFilterSet(FastSelectFilterSet, django_filters.FilterSet):
    # From the listed model to the student: "" for Student itself, "student__" else.
    student_path = "student__"
    # Where the registration number is, for lists of registered documents.
    number_path: str | None = "register_entry__number"

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Part of a name in Kazakh or Russian, an IIN, or a registration number."),
    )
    faculty = django_filters.ChoiceFilter(
        label=_("Faculty"), choices=choices("faculty"), method="by_study", empty_label=_("any")
    )
    programme = django_filters.ChoiceFilter(
        label=_("Education programme"),
        choices=choices("programme"),
        method="by_study",
        empty_label=_("any"),
    )
    group = django_filters.CharFilter(
        label=_("Group"), method="by_group", help_text=_("The group code or its beginning.")
    )
    year_of_study = django_filters.ChoiceFilter(
        label=_("Year of study"), choices=YEARS_OF_STUDY, method="by_year", empty_label=_("any")
    )
    need_category = django_filters.ChoiceFilter(
        label=_("SEN category"),
        choices=choices("need_category"),
        method="by_need",
        empty_label=_("any"),
    )
    specialist = django_filters.ChoiceFilter(
        label=_("Specialist"),
        choices=choices("specialist"),
        method="by_specialist",
        empty_label=_("any"),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        # The IIN (birth date and sex) is shown only to centre staff, so only they may
        # search by it: for anyone else a prefix search would reveal it digit by digit.
        self.searches_iin = user is not None and is_centre_staff(user)
        if not self.searches_iin:
            for name in STAFF_ONLY:
                self.filters.pop(name, None)
            self.filters["q"].extra["help_text"] = _(
                "Part of a name in Kazakh or Russian, or a registration number."
            )

    # The student row the listed row belongs to, for subqueries.
    def _student_ref(self):
        return OuterRef(self.student_path.removesuffix("__") or "pk")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        path = self.student_path
        condition = Q()
        if value.isdigit():
            if self.searches_iin:
                condition |= Q(**{f"{path}iin__startswith": value})
            else:
                condition |= Q(pk__in=[])  # digits match registration numbers only
        else:
            condition |= name_condition(value, path)
        if self.number_path:
            condition |= Q(**{f"{self.number_path}__icontains": value})
        return queryset.filter(condition)

    def by_study(self, queryset, name, value):
        lookup = {
            "faculty": "study_group__programme__faculty",
            "programme": "study_group__programme",
        }[name]
        return queryset.filter(**{f"{self.student_path}{lookup}": value})

    def by_group(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(**{f"{self.student_path}study_group__code__istartswith": value})

    def by_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.student_path}year_of_study": value})

    def by_need(self, queryset, name, value):
        through = HealthProfile.need_categories.through
        return queryset.filter(
            Exists(
                through.objects.filter(
                    healthprofile__student=self._student_ref(), needcategory=value
                )
            )
        )

    def by_specialist(self, queryset, name, value):
        return queryset.filter(
            Exists(
                CaseAssignment.objects.filter(
                    student=self._student_ref(), specialist=value, ended_at__isnull=True
                )
            )
        )


class StudentFilter(CaseFilterSet):
    student_path = ""
    number_path = None

    unassigned = django_filters.BooleanFilter(
        label=_("Without a specialist"),
        method="by_unassigned",
        widget=forms.CheckboxInput,
    )
    state = django_filters.ChoiceFilter(
        label=_("Case"),
        choices=[("open", _("open")), ("archived", _("archived"))],
        method="by_state",
        empty_label=_("any"),
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("last_name", "name"),
            ("study_group__code", "group"),
            ("year_of_study", "year"),
            ("created_at", "created"),
        ),
        field_labels={
            "last_name": _("Surname"),
            "study_group__code": _("Group"),
            "year_of_study": _("Year of study"),
            "created_at": _("Date added"),
        },
        empty_label=_("surname"),
    )

    class Meta:
        model = Student
        fields = []

    def by_unassigned(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            ~Exists(CaseAssignment.objects.filter(student=OuterRef("pk"), ended_at__isnull=True))
        )

    def by_state(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=value == "open")


class ApplicationFilter(CaseFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices, empty_label=_("any")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"),
        choices=[("online", _("online")), ("paper", _("on paper, at the registry"))],
        empty_label=_("any"),
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"), field_name="submitted_at", lookup_expr="date__gte", widget=DATE
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted until"), field_name="submitted_at", lookup_expr="date__lte", widget=DATE
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="by_overdue", widget=forms.CheckboxInput
    )
    o = OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("submitted_at", "submitted"),
            ("student__last_name", "name"),
            ("status", "status"),
        ),
        field_labels={
            "submitted_at": _("Submission date"),
            "student__last_name": _("Student"),
            "status": _("Status"),
        },
        empty_label=_("newest first"),
    )

    class Meta:
        from .models import Application

        model = Application
        fields = []

    def by_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return overdue_conclusions(queryset)
