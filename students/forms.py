from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.roles import Role
from eagi_inclusion.widgets import FastSelect

from .applications import active_consent
from .importer import KINDS
from .models import HealthProfile, Student, User
from .uploads import MAX_FILES, check_uploads
from .validators import validate_iin

# The largest SIS export accepted (a year's students and courses is well under it).
MAX_BYTES = 10 * 1024 * 1024


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
        # Every specialist of the centre: rendered in Python, not an include per option.
        widget=FastSelect,
    )

    # The page offers this many at a time, whatever the size of the centre: the head
    # finds the others by name (#21: 450 specialists made the case page grow).
    OFFERED = 25

    def __init__(self, *args, student, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        assigned = student.assignments.filter(ended_at__isnull=True).values("specialist")
        specialists = (
            User.objects.filter(is_active=True, groups__name=Role.SPECIALIST)
            .exclude(pk__in=assigned)
            .order_by("last_name", "first_name", "pk")
        )
        self.search = " ".join(search.split())[:100]
        self.offered, self.more = [], False
        if not self.is_bound:
            # What the select offers: the matches of the search, at most OFFERED of them.
            # A posted form checks its choice against every specialist (one query).
            offered = specialists
            for word in self.search.split():
                offered = offered.filter(
                    Q(last_name__icontains=word)
                    | Q(first_name__icontains=word)
                    | Q(patronymic__icontains=word)
                    | Q(full_name_ru__icontains=word)
                    | Q(username__icontains=word)
                )
            found = list(offered[: self.OFFERED + 1])  # one query, whatever the centre's size
            self.more = len(found) > self.OFFERED
            self.offered = found[: self.OFFERED]
        field = self.fields["specialist"]
        field.queryset = specialists
        if not self.is_bound:
            field.widget.choices = [("", field.empty_label)] + [
                (user.pk, field.label_from_instance(user)) for user in self.offered
            ]


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
        # Radio buttons need no empty "---------" choice.
        self.fields["preferred_contact"].choices = self.Meta.model.Contact.choices
        self.consent_needed = consent_needed
        self.can_consent = can_consent
        if students.count() == 1:
            self.fields["student"].widget = forms.HiddenInput()
        for name in FILE_FIELDS:
            self.fields[name].help_text = _("PDF, JPEG or PNG, up to 20 MB each.")

    def clean(self):
        cleaned = super().clean()
        # A teacher cannot consent for the student: the service refuses that request and
        # asks the student (students.applications.ConsentNeeded).
        if self.consent_needed and self.can_consent and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _(
                    "Without consent to the processing of personal data the centre cannot "
                    "accept the application."
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


class PaperApplicationForm(forms.Form):
    """The registry clerk registers a paper application received at the office."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    iin = forms.CharField(
        label=_("IIN of the student"),
        max_length=12,
        help_text=_("12 digits, from the application."),
    )
    applicant_kind = forms.ChoiceField(
        label=_("Who signed the application"),
        choices=[("student", _("the student")), ("representative", _("the legal representative"))],
        widget=forms.RadioSelect,
    )
    delivered_by = forms.CharField(
        label=_("Delivered by"),
        max_length=300,
        help_text=_("Full name of the person who brought it, and their relation to the student."),
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    document_language = forms.ChoiceField(
        label=_("Language of documents"),
        choices=[("kk", _("Kazakh")), ("ru", _("Russian"))],
    )
    difficulties = forms.CharField(
        label=_("Difficulties met in study"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A short summary from the paper, if any; the scan is the record."),
    )
    conditions_requested = forms.CharField(
        label=_("Conditions requested"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent_on_paper = forms.BooleanField(
        label=_("The application carries a signed consent to the processing of personal data"),
        required=False,
    )
    scan = forms.FileField(
        label=_("Scan of the paper application"),
        help_text=_("PDF, JPEG or PNG, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    files_other = MultipleFileField(label=_("Other documents delivered"))

    def clean_iin(self):

        iin = self.cleaned_data["iin"].strip()
        validate_iin(iin)
        student = Student.objects.filter(iin=iin).first()
        if student is None:
            raise forms.ValidationError(
                _(
                    "There is no student with this IIN. Ask the administrator to add the "
                    "student's record first."
                )
            )
        self.student = student
        return iin

    def clean_received_at(self):

        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The time of receipt cannot be in the future."))
        return value

    def clean(self):

        cleaned = super().clean()
        student = getattr(self, "student", None)
        needs_consent = student is not None and active_consent(student) is None
        if needs_consent and not cleaned.get("consent_on_paper"):
            self.add_error(
                "consent_on_paper",
                _(
                    "The student has no consent on record: a paper application is "
                    "registered only with a signed consent."
                ),
            )
        checked = []
        for name, kind in (("scan", "scan"), ("files_other", "other")):
            value = cleaned.get(name)
            uploads = value if isinstance(value, list) else [value] if value else []
            try:
                checked += [(kind, item) for item in check_uploads(uploads)]
            except forms.ValidationError as error:
                self.add_error(name, error)
        cleaned["checked_files"] = checked
        return cleaned


class ResubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Your answer to the centre"), widget=forms.Textarea(attrs={"rows": 4})
    )
    files_other = MultipleFileField(label=_("Additional documents"))

    def clean(self):

        cleaned = super().clean()
        try:
            cleaned["checked_files"] = [
                ("other", item) for item in check_uploads(cleaned.get("files_other") or [])
            ]
        except forms.ValidationError as error:
            self.add_error("files_other", error)
        return cleaned


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant reads this in the application's history."),
    )


class EmergencyForm(forms.Form):
    iin = forms.CharField(label=_("IIN of the student"), max_length=12)
    reason = forms.CharField(
        label=_("Why you need this case now"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Recorded, and reviewed by the head of the centre."),
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=list(KINDS.items()))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX exported by the student information system, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show what would change, change nothing"), required=False, initial=True
    )
    skip_errors = forms.BooleanField(
        label=_("Import the good rows even if some rows have errors"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB: split it."))
        return upload


class DeliveryForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["notification_delivery"]
        widgets = {"notification_delivery": forms.RadioSelect}


class HealthRoleForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Role.SPECIALIST, Role.SPECIALIST.label),
            (Role.CENTRE_HEAD, Role.CENTRE_HEAD.label),
        ],
    )
    grant = forms.ChoiceField(
        label=_("Action"),
        choices=[("give", _("give the role")), ("take", _("take the role"))],
        widget=forms.RadioSelect,
    )

    def clean_username(self):
        user = User.objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this user name."))
        return user
