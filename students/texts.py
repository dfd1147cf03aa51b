"""The texts page (documents/texts.py) for applications: the centre's staff working
on the case write the application's texts in the other language."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from documents.rendering import register_form_loader
from documents.texts import Translatable, register_translatable

from .forms_pdf import application_form
from .models import Application
from .permissions import can_work_on_case, is_centre_staff
from .series import APPLICATION


def _load(request, pk):
    application = get_object_or_404(Application.objects.select_related("student"), pk=pk)
    if not (is_centre_staff(request.user) and can_work_on_case(request.user, application.student)):
        raise PermissionDenied
    return application


def register() -> None:
    register_form_loader(
        APPLICATION,
        lambda entry: application_form(Application.objects.get(register_entry=entry)),
    )
    register_translatable(
        "application",
        Translatable(load=_load, form=application_form, url=lambda a: a.get_absolute_url()),
    )
