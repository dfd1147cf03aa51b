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


MAX_VERIFIED_FILE = 25 * 1024 * 1024


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The ten characters printed under the QR code, e.g. 7KX2M9QPRT."),
    )


class VerifyFileForm(forms.Form):
    """The file someone holds, or its SHA-256: is it the document as issued?"""

    pdf = forms.FileField(
        label=_("The PDF you received"),
        required=False,
        help_text=_("It is checked here and not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    sha256 = forms.CharField(
        label=_("Or its SHA-256 checksum"),
        required=False,
        max_length=100,
        help_text=_("64 hexadecimal characters, e.g. from the command sha256sum file.pdf."),
    )

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        if pdf and pdf.size > MAX_VERIFIED_FILE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: it cannot be an issued form."),
                params={"size": MAX_VERIFIED_FILE // (1024 * 1024)},
            )
        return pdf

    def clean_sha256(self):
        value = "".join(self.cleaned_data.get("sha256", "").split()).lower()
        if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
            raise forms.ValidationError(_("A SHA-256 checksum is 64 characters 0-9 and a-f."))
        return value

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("pdf") and not data.get("sha256"):
            self.add_error("pdf", _("Choose the PDF file or paste its SHA-256 checksum."))
        return data


class TextsForm(forms.Form):
    """One optional field for each typed text of a document, in the other language;
    the original is its help text."""

    def __init__(self, *args, texts, language, primary, **kwargs):
        super().__init__(*args, **kwargs)
        from .texts import language_name, text_in

        self.texts = texts
        for text in texts:
            self.fields[self.field_name(text)] = forms.CharField(
                label=text.label,
                required=False,
                initial=text_in(text.obj, text.field, language, primary),
                help_text=_("Original (%(language)s): %(text)s")
                % {"language": language_name(primary), "text": text.original},
                widget=forms.Textarea(attrs={"rows": 3, "lang": language}),
            )

    @staticmethod
    def field_name(text) -> str:
        """Named by the row and field it writes, never by its place in the list: a
        form posted after someone changed the document cannot write a text to the
        wrong field."""
        return "text-" + text.key().replace(".", "-")

    def values(self) -> dict[str, str]:
        return {
            text.key(): self.cleaned_data[self.field_name(text)]
            for text in self.texts
            if self.field_name(text) in self.data
        }
