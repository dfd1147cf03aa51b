"""The official forms of this app: the application, and a disclosure of personal data
to a third party (§10.3)."""

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


DISCLOSURE_TEXTS = ["recipient", "legal_basis", "what"]


def disclosure_form(disclosure) -> Form:
    return Form(
        "disclosure",
        disclosure.register_entry,
        # No query of its own: the register's list builds one per row to know its languages.
        {"disclosure": disclosure, "student": disclosure.student},
        texts=[
            Text(capfirst(disclosure._meta.get_field(f).verbose_name), disclosure, f)
            for f in DISCLOSURE_TEXTS
        ],
        text_language=disclosure.text_language,
        pk=disclosure.pk,
        app="students",
    )
