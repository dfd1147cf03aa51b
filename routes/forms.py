from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.roles import Role
from students.models import (
    AcademicPeriod,
    AcademicYear,
    AdaptationType,
    LegalRepresentative,
    SupportMeasureType,
    User,
)

from .models import Assessment, MeetingProtocol, Route, RouteCourseSection, RouteSupportMeasure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["date", "method", "findings", "recommendations"]
        widgets = {"date": DATE}


class ConclusionForm(forms.Form):
    """The analysis, and each recommended adaptation with its own details: a box to
    tick and, under it, what exactly it means for this student."""

    analysis = forms.CharField(
        label=_("Analysis of educational needs"), widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, current: dict | None = None, **kwargs):
        """`current`: {adaptation type id: details} of the conclusion being edited;
        its types stay offered even if no longer active in the catalogue."""
        current = current or {}
        kwargs.setdefault("initial", {})
        for type_id, detail in current.items():
            kwargs["initial"][f"adaptation_{type_id}"] = True
            kwargs["initial"][f"detail_{type_id}"] = detail
        super().__init__(*args, **kwargs)
        self.kinds = list(
            AdaptationType.objects.filter(Q(is_active=True) | Q(pk__in=list(current)))
        )
        for kind in self.kinds:
            self.fields[f"adaptation_{kind.pk}"] = forms.BooleanField(
                label=_("Recommend: %(adaptation)s") % {"adaptation": kind.name},
                required=False,
            )
            self.fields[f"detail_{kind.pk}"] = forms.CharField(
                label=_("Details: %(adaptation)s") % {"adaptation": kind.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=_("What exactly, for which courses and situations."),
            )

    def clean(self):
        cleaned = super().clean()
        for kind in self.kinds:
            if cleaned.get(f"detail_{kind.pk}", "").strip() and not cleaned.get(
                f"adaptation_{kind.pk}"
            ):
                self.add_error(
                    f"detail_{kind.pk}",
                    _("Tick “%(adaptation)s” to recommend it, or clear its details.")
                    % {"adaptation": kind.name},
                )
        return cleaned

    def adaptations(self) -> list:
        """(adaptation type, its details) for each ticked one."""
        return [
            (kind, self.cleaned_data.get(f"detail_{kind.pk}", "").strip())
            for kind in self.kinds
            if self.cleaned_data.get(f"adaptation_{kind.pk}")
        ]


class ProtocolForm(forms.ModelForm):
    """Who took part, each as what they are: the team (the chair, the secretary, other
    centre staff), the student, their legal representatives, external specialists."""

    staff_present = forms.ModelMultipleChoiceField(
        label=_("Other members of the team who took part"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    student_present = forms.BooleanField(label=_("The student took part"), required=False)
    representatives_present = forms.ModelMultipleChoiceField(
        label=_("Legal representatives who took part"),
        queryset=LegalRepresentative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendee_names = forms.CharField(
        label=_("External specialists"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: the name and position of each."),
    )
    PRESENCE = ("staff_present", "student_present", "representatives_present", "attendee_names")
    field_order = [
        "date",
        "starts_at",
        "place",
        "chair",
        "secretary",
        *PRESENCE,
        "agenda",
        "discussion",
        "decisions",
        "approved_measures",
    ]

    class Meta:
        model = MeetingProtocol
        fields = [
            "date",
            "starts_at",
            "place",
            "chair",
            "secretary",
            "agenda",
            "discussion",
            "decisions",
            "approved_measures",
        ]
        widgets = {
            "date": DATE,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "approved_measures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, staff, student, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = staff
        self.fields["secretary"].queryset = staff
        self.fields["staff_present"].queryset = staff
        self.fields["representatives_present"].queryset = student.representatives.order_by("pk")
        self.fields["approved_measures"].queryset = SupportMeasureType.objects.filter(
            is_active=True
        )


class RouteCreateForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Academic period"),
        queryset=AcademicPeriod.objects.select_related("academic_year").order_by("-starts_on"),
    )
    copy_last = forms.BooleanField(
        label=_("Start from the student's last route"),
        required=False,
        initial=True,
        help_text=_("Conditions, support and the adaptations of courses that go on are copied."),
    )


class RouteForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Route
        fields = ["special_conditions", "individual_schedule", "special_methods", "review_date"]
        widgets = {"review_date": DATE}


class SectionForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RouteCourseSection
        fields = [
            "adaptation_types",
            "content_adaptations",
            "method_adaptations",
            "assessment_form",
            "extra_time_percent",
            "separate_room",
            "oral_instead_of_written",
            "interpreter",
            "assistive_technology",
        ]
        widgets = {"adaptation_types": forms.CheckboxSelectMultiple}


class SupportMeasureForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RouteSupportMeasure
        fields = ["measure_type", "description", "provider", "frequency", "sessions_planned"]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required


class ArchiveForm(forms.Form):
    from students.models import Student

    reason = forms.ChoiceField(
        label=_("Reason for archiving"),
        choices=Student.ArchiveReason.choices,
        widget=forms.RadioSelect,
    )


class StatisticsYearForm(forms.Form):
    year = forms.ModelChoiceField(
        label=_("Academic year"),
        queryset=AcademicYear.objects.order_by("-starts_on"),
        required=False,
        empty_label=None,
    )


class SectionHandoverForm(forms.Form):
    """The head's way out when a section's teacher cannot agree it."""

    action = forms.ChoiceField(
        label=_("What to do"),
        choices=[
            ("reassign", _("Give the section to another teacher")),
            ("on_behalf", _("Agree it on the teacher's behalf")),
        ],
        widget=forms.RadioSelect,
    )
    teacher = forms.ModelChoiceField(
        label=_("New teacher"),
        queryset=User.objects.filter(is_active=True, groups__name=Role.TEACHER)
        .distinct()
        .order_by("last_name", "first_name"),
        required=False,
        help_text=_("Only when the section goes to another teacher."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the route's history."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "reassign" and not data.get("teacher"):
            self.add_error("teacher", _("Choose the teacher who takes the section over."))
        return data
