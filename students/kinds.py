"""The kinds of document this app issues (documents/kinds.py): the application."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from documents.kinds import DocumentKind, register_document_kind

from .forms_pdf import application_form
from .selectors import application_pdf_visible_to


def _application_downloadable(request, pk):
    """Those who may open the application, and the clerk who registered it on paper
    (students.selectors.application_pdf_visible_to)."""
    application = get_object_or_404(application_pdf_visible_to(request.user), pk=pk)
    return application, application.student


def _applications_of(student):
    return (
        student.applications.filter(register_entry__isnull=False)
        .select_related("register_entry", "submitted_by", "consent", "student__study_group")
        .prefetch_related("attachments")
    )


APPLICATION = DocumentKind(
    code="application",
    label=_("Application"),
    group=_("Applications"),
    position=10,
    url_name="students:application-pdf",
    registered=_applications_of,
    title=str,
    form=application_form,
    downloadable=_application_downloadable,
    students_own=True,
    attachments=lambda application: application.attachments.all(),
    default_language=lambda application: application.document_language,
)


def register() -> None:
    register_document_kind(APPLICATION)
