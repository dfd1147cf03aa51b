"""The kinds of document this app issues (documents/kinds.py): the application, and
the record of a disclosure to a third party."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from documents.kinds import DocumentKind, register_document_kind
from documents.models import Disclosure
from documents.permissions import can_view_disclosures
from documents.texts import text_in

from .forms_pdf import application_form, disclosure_form
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


DISCLOSURE_RELATED = ("register_entry", "authorised_by", "student__study_group")


def _disclosure_downloadable(request, pk):
    """Who keeps the register of disclosures (the head); others 404."""
    if not can_view_disclosures(request.user):
        raise Http404
    disclosure = get_object_or_404(Disclosure.objects.select_related(*DISCLOSURE_RELATED), pk=pk)
    return disclosure, disclosure.student


def _disclosure_title(disclosure) -> str:
    """The recipient in the language active now (the case file's), and the date."""
    language = (get_language() or disclosure.text_language)[:2]
    recipient = text_in(disclosure, "recipient", language, disclosure.text_language)
    return f"{recipient or disclosure.recipient}, {disclosure.disclosed_on:%d.%m.%Y}"


DISCLOSURE = DocumentKind(
    code="disclosure",
    label=_("Disclosure to a third party"),
    group=_("Disclosures to third parties"),
    position=60,
    url_name="students:disclosure-pdf",
    registered=lambda student: Disclosure.objects.filter(student=student).select_related(
        *DISCLOSURE_RELATED
    ),
    title=_disclosure_title,
    form=disclosure_form,
    downloadable=_disclosure_downloadable,
    default_language=lambda disclosure: disclosure.text_language,
)


def register() -> None:
    register_document_kind(APPLICATION)
    register_document_kind(DISCLOSURE)
