from django import forms
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.roles import STAFF_ROLES, Role
from students.models import Course, StudyGroup, User

from .models import (
    AdaptationCheck,
    AwarenessEvent,
    Barrier,
    Format,
    ImplementationReport,
    Interaction,
    Seminar,
    SupportSession,
    TeacherConsultation,
    TechnicalAid,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.ModelForm):
    class Meta:
        model = SupportSession
        fields = ["measure", "date", "duration_minutes", "attendance", "notes"]
        widgets = {"date": DATE}

    def __init__(self, *args, route=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = route.support_measures.select_related("measure_type")


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = TeacherConsultation
        fields = ["teacher", "course", "date", "topic", "advice", "follow_up", "follow_up_by"]
        widgets = {"date": DATE, "follow_up_by": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = User.objects.filter(
            is_active=True, groups__name=Role.TEACHER
        ).order_by("last_name", "first_name")
        self.fields["course"].queryset = Course.objects.order_by("code")


class InteractionForm(forms.ModelForm):
    personal_data_sent = forms.BooleanField(
        label=_("Personal data of the student were sent"),
        required=False,
        help_text=_("Then the disclosure is registered (head of the centre only)."),
    )
    legal_basis = forms.CharField(label=_("Legal basis of the disclosure"), required=False)

    class Meta:
        model = Interaction
        fields = [
            "organisation",
            "student",
            "contact_person",
            "date",
            "purpose",
            "outcome",
            "documents_exchanged",
        ]
        widgets = {"date": DATE}

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students

    def clean(self):
        data = super().clean()
        if data.get("personal_data_sent"):
            if not data.get("student"):
                self.add_error("student", _("Choose the student whose data were sent."))
            if not data.get("legal_basis"):
                self.add_error("legal_basis", _("Give the legal basis of the disclosure."))
            if not data.get("documents_exchanged"):
                self.add_error("documents_exchanged", _("Say what was sent."))
        return data


class FormatRequestForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None, required=False)
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    title = forms.CharField(
        label=_("Material"), max_length=300, help_text=_("Title of the textbook, chapter or file.")
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    needed_by = forms.DateField(label=_("Needed by"), required=False, widget=DATE)

    def __init__(self, *args, courses=None, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        if students is None:
            del self.fields["student"]  # the student asks for themself
        else:
            self.fields["student"].queryset = students
            self.fields["student"].required = True


class DeliverForm(forms.Form):
    file = forms.FileField(label=_("The converted material"))


class BarrierForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["place", "location", "description"]


class BarrierUpdateForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["status", "responsible_unit", "resolution"]


class SeminarForm(forms.ModelForm):
    class Meta:
        model = Seminar
        fields = ["date", "topic", "trainer", "hours", "attendees"]
        widgets = {"date": DATE, "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any staff member: a specialist or the head who teaches a course is trained
        # like any teacher (regulation §3.4; #30: they could not be ticked).
        self.fields["attendees"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
            .distinct()
            .order_by("last_name", "first_name")
        )


class CheckForm(forms.ModelForm):
    class Meta:
        model = AdaptationCheck
        fields = ["date", "event", "applied", "note"]
        widgets = {"date": DATE}


class ReportForm(forms.ModelForm):
    class Meta:
        model = ImplementationReport
        fields = ["date", "description"]
        widgets = {"date": DATE}


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), widget=forms.Textarea)


class AidLendForm(forms.ModelForm):
    class Meta:
        model = TechnicalAid
        fields = ["kind", "item", "identifier", "issued_on", "due_back", "condition_out", "note"]
        widgets = {"issued_on": DATE, "due_back": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition_out"].choices = [
            (code, label)
            for code, label in TechnicalAid.Condition.choices
            if code not in (TechnicalAid.Condition.DAMAGED, TechnicalAid.Condition.LOST)
        ]

    def clean(self):
        # Errors by the field they are about (the model's constraints would name none;
        # Django skips them for a field with an error of its own).
        data = super().clean()
        issued, due = data.get("issued_on"), data.get("due_back")
        if issued and due and due < issued:
            self.add_error("due_back", _("The due date is before the day it is lent."))
        kind, identifier = data.get("kind"), data.get("identifier")
        if (
            kind
            and identifier
            and TechnicalAid.objects.filter(
                kind=kind, identifier=identifier, returned_on__isnull=True
            ).exists()
        ):
            self.add_error(
                "identifier",
                _("This device is out already: record its return before lending it again."),
            )
        return data


class AidReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("returned on"), widget=DATE)
    condition_back = forms.ChoiceField(
        label=_("condition when returned"), choices=TechnicalAid.Condition.choices
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AwarenessEventForm(forms.ModelForm):
    class Meta:
        model = AwarenessEvent
        fields = [
            "date",
            "title",
            "kind",
            "audience",
            "place",
            "organiser",
            "staff",
            "study_groups",
            "students_count",
            "others_count",
        ]
        widgets = {"date": DATE, "staff": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["study_groups"].queryset = StudyGroup.objects.order_by("code")
