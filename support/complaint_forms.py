"""The forms of the reports of mistreatment (support/complaints.py)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE
from .models import Complaint


class ComplaintForm(forms.ModelForm):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None, required=False)

    class Meta:
        model = Complaint
        fields = [
            "student",
            "kind",
            "about",
            "happened_on",
            "place",
            "description",
            "wish",
            "addressed_to",
        ]
        widgets = {
            "happened_on": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
            "wish": forms.Textarea(attrs={"rows": 2}),
            "addressed_to": forms.RadioSelect,
        }

    def __init__(self, *args, students=None, officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is None:
            del self.fields["student"]  # the student reports for themself
        else:
            self.fields["student"].queryset = students
            self.fields["student"].required = True
        if officer is None:
            del self.fields["addressed_to"]  # no one else is named: the head reads it
        else:
            self.fields["addressed_to"].help_text = _(
                "The head of the centre, or %(person)s: choose the second if the report is "
                "about the centre."
            ) % {"person": officer.get_full_name()}

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > datetime.date.today():
            raise forms.ValidationError(_("This date has not come yet."))
        return day


class ComplaintStepForm(forms.Form):
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A conversation, an explanation asked for, a measure taken."),
    )
    shared = forms.BooleanField(
        label=_("Show this step to the person who reported it"), required=False
    )


class ComplaintCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Complaint.Outcome.choices, widget=forms.RadioSelect
    )
    reply = forms.CharField(
        label=_("The answer to the person who reported it"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was found and what was done. They read it in the app."),
    )
