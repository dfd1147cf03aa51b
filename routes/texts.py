"""The texts page (documents/texts.py) for conclusions, protocols and routes: the
centre's staff working on the case write a document's texts in the other language."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from documents.rendering import register_form_loader
from documents.texts import Translatable, register_translatable
from students.permissions import can_work_on_case, is_centre_staff

from .forms_pdf import conclusion_form, letter_form, protocol_form, route_form
from .models import Conclusion, MeetingProtocol, Route, TeacherLetter
from .series import CONCLUSION, LETTER, PROTOCOL, ROUTE
from .services.common import _require_open_case


def _for_case_work(request, model, pk):
    document = get_object_or_404(model.objects.select_related("student"), pk=pk)
    user = request.user
    if not (is_centre_staff(user) and can_work_on_case(user, document.student)):
        raise PermissionDenied
    _require_open_case(document.student)
    return document


def register() -> None:
    # The stamped copy of a form no longer in force is rendered again from its records.
    for doc_type, model, form in (
        (CONCLUSION, Conclusion, conclusion_form),
        (PROTOCOL, MeetingProtocol, protocol_form),
        (ROUTE, Route, route_form),
        (LETTER, TeacherLetter, letter_form),
    ):
        register_form_loader(
            doc_type,
            lambda entry, model=model, form=form: form(model.objects.get(register_entry=entry)),
        )
    for kind, model, form in (
        ("conclusion", Conclusion, conclusion_form),
        ("protocol", MeetingProtocol, protocol_form),
        ("route", Route, route_form),
    ):
        register_translatable(
            kind,
            Translatable(
                load=lambda request, pk, model=model: _for_case_work(request, model, pk),
                form=form,
                url=lambda document: document.get_absolute_url(),
            ),
        )
