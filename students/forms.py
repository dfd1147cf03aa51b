from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HealthProfile, User
from .roles import Role


class HealthProfileForm(forms.ModelForm):
    class Meta:
        model = HealthProfile
        fields = [
            "need_categories",
            "disability_group",
            "disability_valid_until",
            "mse_conclusion_number",
            "mse_conclusion_date",
            "notes",
        ]
        widgets = {
            "need_categories": forms.CheckboxSelectMultiple,
            "disability_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mse_conclusion_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need_categories"].queryset = self.fields["need_categories"].queryset.filter(
            is_active=True
        )

    def clean(self):
        cleaned = super().clean()
        group = cleaned.get("disability_group")
        if cleaned.get("disability_valid_until") and not group:
            self.add_error(
                "disability_valid_until",
                _("A validity date is given only together with a disability group."),
            )
        if bool(cleaned.get("mse_conclusion_number")) != bool(cleaned.get("mse_conclusion_date")):
            field = (
                "mse_conclusion_date"
                if cleaned.get("mse_conclusion_number")
                else ("mse_conclusion_number")
            )
            self.add_error(field, _("Give both the number and the date of the conclusion."))
        return cleaned


class CaseAssignForm(forms.Form):
    specialist = forms.ModelChoiceField(
        label=_("Specialist"),
        queryset=User.objects.none(),
        empty_label=_("— choose a specialist —"),
    )

    def __init__(self, *args, student, **kwargs):
        super().__init__(*args, **kwargs)
        assigned = student.assignments.filter(ended_at__isnull=True).values("specialist")
        self.fields["specialist"].queryset = (
            User.objects.filter(is_active=True, groups__name=Role.SPECIALIST)
            .exclude(pk__in=assigned)
            .order_by("last_name", "first_name")
        )
