"""The administrator's page for importing files from the student information system
(students/importer.py does the work; the management command import_sis is the same
for scripts)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from ..forms import ImportForm
from ..importer import COLUMNS, KINDS, REQUIRED, ImportFileError, import_file
from ..permissions import can_import_from_sis


@login_required
def sis_import(request):
    """Administrators only (others 403)."""
    if not can_import_from_sis(request.user):
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
                actor=request.user,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
    columns = [
        (label, [(c, c in REQUIRED[kind]) for c in COLUMNS[kind]]) for kind, label in KINDS.items()
    ]
    return render(
        request, "students/import.html", {"form": form, "report": report, "columns": columns}
    )
