"""The administrator's page for importing files from the student information system
(students/importer.py does the work; the management command import_sis is the same
for scripts)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from eagi_inclusion.roles import Role, has_role

from .importer import COLUMNS, KINDS, REQUIRED, ImportFileError, import_file

MAX_BYTES = 10 * 1024 * 1024


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


@login_required
def sis_import(request):
    """Administrators only (others 403)."""
    if not has_role(request.user, Role.ADMINISTRATOR):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_file(
                form.cleaned_data["kind"],
                upload.name,
                upload.read(),
                dry_run=form.cleaned_data["dry_run"],
                skip_errors=form.cleaned_data["skip_errors"],
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
    columns = [
        (label, [(c, c in REQUIRED[kind]) for c in COLUMNS[kind]]) for kind, label in KINDS.items()
    ]
    return render(
        request, "students/import.html", {"form": form, "report": report, "columns": columns}
    )
