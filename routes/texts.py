"""The texts page (documents/texts.py) for conclusions, protocols and routes: the
centre's staff working on the case write a document's texts in the other language."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from documents.texts import Translatable, register_translatable
from students.permissions import can_work_on_case, is_centre_staff

from .forms_pdf import conclusion_form, protocol_form, route_form
from .models import Conclusion, MeetingProtocol, Route
from .services.common import _require_open_case


def _for_case_work(request, model, pk):
    document = get_object_or_404(model.objects.select_related("student"), pk=pk)
    user = request.user
    if not (is_centre_staff(user) and can_work_on_case(user, document.student)):
        raise PermissionDenied
    _require_open_case(document.student)
    return document


def register() -> None:
    register_translatable(
        "conclusion",
        Translatable(
            load=lambda request, pk: _for_case_work(request, Conclusion, pk),
            form=conclusion_form,
            url=lambda conclusion: conclusion.get_absolute_url(),
        ),
    )
    register_translatable(
        "protocol",
        Translatable(
            load=lambda request, pk: _for_case_work(request, MeetingProtocol, pk),
            form=protocol_form,
            url=lambda protocol: protocol.get_absolute_url(),
        ),
    )
    register_translatable(
        "route",
        Translatable(
            load=lambda request, pk: _for_case_work(request, Route, pk),
            form=route_form,
            url=lambda route: route.get_absolute_url(),
        ),
    )
