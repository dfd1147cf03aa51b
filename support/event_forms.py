"""The forms of the event requests (support/events.py)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DATE
from .models import EventRequest


class EventRequestForm(forms.ModelForm):
    student = forms.ModelChoiceField(label=_("Student"), queryset=None, required=False)

    class Meta:
        model = EventRequest
        fields = ["student", "kind", "event", "date", "place", "needs"]
        widgets = {"date": DATE, "needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, students=None, **kwargs):
        super().__init__(*args, **kwargs)
        if students is None:
            del self.fields["student"]  # the student asks for themself
        else:
            self.fields["student"].queryset = students
            self.fields["student"].required = True

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < datetime.date.today():
            raise forms.ValidationError(_("The event has taken place already."))
        return date


class EventHandleForm(forms.Form):
    action = forms.ChoiceField(
        label=_("What happens now"),
        widget=forms.RadioSelect,
        choices=[
            ("forward", _("Forward it to the unit responsible")),
            ("arranged", _("The unit arranged it")),
            ("declined", _("It could not be arranged")),
        ],
    )
    unit = forms.CharField(
        label=_("Responsible unit"),
        max_length=200,
        required=False,
        help_text=_("For example: the sports club, the events office, the dean's office."),
    )
    outcome = forms.CharField(
        label=_("What was arranged, or why not"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "forward" and not data.get("unit", "").strip():
            self.add_error("unit", _("Name the unit responsible for the event."))
        if action in ("arranged", "declined") and not data.get("outcome", "").strip():
            self.add_error("outcome", _("Say what was arranged, or why it could not be."))
        return data
