"""The application's official form."""

from django.utils.text import capfirst

from documents.rendering import Form, issue
from documents.texts import Text

APPLICATION_TEXTS = ["difficulties", "conditions_requested"]


def application_form(application) -> Form:
    return Form(
        "application",
        application.register_entry,
        {"application": application, "attachments": list(application.attachments.all())},
        texts=[
            Text(capfirst(application._meta.get_field(f).verbose_name), application, f)
            for f in APPLICATION_TEXTS
        ],
        text_language=application.document_language,
        pk=application.pk,
    )


def issue_application_pdf(*, application, actor, language: str, variant: str = "standard"):
    return issue(application_form(application), actor=actor, language=language, variant=variant)
