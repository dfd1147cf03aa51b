"""The forms of the units' tasks (support/units.py)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from students.models import Unit

from .forms import DATE


class UnitTaskForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(is_active=True))
    due = forms.DateField(label=_("To be done by"), widget=DATE)
    what = forms.CharField(
        label=_("What the unit is asked to do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the unit needs to act: no diagnosis, no health information."),
    )

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < datetime.date.today():
            raise forms.ValidationError(_("The date has passed already."))
        return due


class UnitTaskCloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[("done", _("Done")), ("declined", _("Could not be done"))],
    )
    note = forms.CharField(
        label=_("What was done, or why it could not be"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
