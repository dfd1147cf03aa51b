"""The texts page (documents/texts.py) for applications -- the centre's staff working
on the case write the application's texts in the other language -- and for disclosures
to third parties, which the head records and writes."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from documents.models import Disclosure
from documents.permissions import can_record_disclosures
from documents.privacy import DISCLOSURE
from documents.rendering import register_form_loader
from documents.texts import Translatable, register_translatable

from .forms_pdf import application_form, disclosure_form
from .models import Application
from .permissions import can_work_on_case, is_centre_staff
from .series import APPLICATION


def _load(request, pk):
    application = get_object_or_404(Application.objects.select_related("student"), pk=pk)
    if not (is_centre_staff(request.user) and can_work_on_case(request.user, application.student)):
        raise PermissionDenied
    return application


def _load_disclosure(request, pk):
    if not can_record_disclosures(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Disclosure.objects.select_related("student", "register_entry", "authorised_by"), pk=pk
    )


def register() -> None:
    register_form_loader(
        APPLICATION,
        lambda entry: application_form(Application.objects.get(register_entry=entry)),
    )
    register_translatable(
        "application",
        Translatable(load=_load, form=application_form, url=lambda a: a.get_absolute_url()),
    )
    register_form_loader(
        DISCLOSURE,
        lambda entry: disclosure_form(Disclosure.objects.get(register_entry=entry)),
    )
    register_translatable(
        "disclosure",
        Translatable(
            load=_load_disclosure,
            form=disclosure_form,
            url=lambda d: reverse("students:disclosure-list"),
        ),
    )
