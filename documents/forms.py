from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Breach, Disclosure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DisclosureForm(forms.ModelForm):
    class Meta:
        model = Disclosure
        fields = ["recipient", "legal_basis", "what", "disclosed_on"]
        widgets = {"disclosed_on": DATE}
        help_texts = {
            "legal_basis": _("The law, court order or written consent that allows it."),
        }


class BreachForm(forms.ModelForm):
    class Meta:
        model = Breach
        fields = ["description", "data_affected", "people_affected", "discovered_at", "measures"]
        widgets = {
            "discovered_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["discovered_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
