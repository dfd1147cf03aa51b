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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by its content in the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


FILE_FIELDS = {
    "files_disability": "disability",
    "files_mse": "mse",
    "files_specialist": "specialist",
    "files_other": "other",
}


class ApplicationForm(forms.ModelForm):
    """The online application. The applicant's relation to the student decides who
    may be chosen; consent is asked only while the student has none in force."""

    student = forms.ModelChoiceField(label=_("Student"), queryset=None, empty_label=None)
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    consent = forms.BooleanField(
        label=_("I consent to the collection and processing of personal data"),
        required=False,
    )
    files_disability = MultipleFileField(label=_("Disability certificate"))
    files_mse = MultipleFileField(label=_("Medical-social expertise conclusion"))
    files_specialist = MultipleFileField(label=_("Specialists' certificates"))
    files_other = MultipleFileField(label=_("Other documents"))

    class Meta:
        from .models import Application

        model = Application
        fields = [
            "difficulties",
            "conditions_requested",
            "preferred_contact",
            "contact_detail",
            "document_language",
        ]
        widgets = {"preferred_contact": forms.RadioSelect}
        help_texts = {
            "difficulties": _(
                "What makes studying difficult: lectures, reading, exams, moving around…"
            ),
            "conditions_requested": _(
                "What would help: materials in large print, extra time, an interpreter…"
            ),
            "contact_detail": _("Phone number or e-mail address, if not the one on your account."),
        }

    def __init__(self, *args, students, consent_needed: bool, can_consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.consent_needed = consent_needed
        self.can_consent = can_consent
        if students.count() == 1:
            self.fields["student"].widget = forms.HiddenInput()
        for name in FILE_FIELDS:
            self.fields[name].help_text = _("PDF, JPEG or PNG, up to 20 MB each.")

    def clean(self):
        from .uploads import MAX_FILES, check_uploads

        cleaned = super().clean()
        if self.consent_needed and not cleaned.get("consent"):
            self.add_error(
                "consent" if self.can_consent else None,
                _(
                    "Without consent to the processing of personal data the centre cannot "
                    "accept the application."
                )
                if self.can_consent
                else _(
                    "The student has not given consent to the processing of personal data. "
                    "Ask the student or their legal representative to apply, or to give "
                    "consent first."
                ),
            )
        checked, total = [], 0
        for name, kind in FILE_FIELDS.items():
            uploads = cleaned.get(name) or []
            total += len(uploads)
            try:
                checked += [(kind, item) for item in check_uploads(uploads)]
            except forms.ValidationError as error:
                self.add_error(name, error)
        if total > MAX_FILES:
            self.add_error(
                None, _("At most %(max)s files can be attached in all.") % {"max": MAX_FILES}
            )
        cleaned["checked_files"] = checked
        return cleaned
