"""The application's official form."""

from django.contrib.auth import get_user_model
from django.utils.text import capfirst

from documents.rendering import Form
from documents.texts import Text
from eagi_inclusion.roles import Role

APPLICATION_TEXTS = ["difficulties", "conditions_requested"]


def centre_head():
    """The head of the centre: the addressee of applications, the signer of letters."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.CENTRE_HEAD)
        .order_by("pk")
        .first()
    )


def application_form(application) -> Form:
    return Form(
        "application",
        application.register_entry,
        {
            "application": application,
            "attachments": list(application.attachments.all()),
            "head": centre_head(),
        },
        texts=[
            Text(capfirst(application._meta.get_field(f).verbose_name), application, f)
            for f in APPLICATION_TEXTS
        ],
        text_language=application.document_language,
        pk=application.pk,
        app="students",
    )
