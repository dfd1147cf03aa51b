"""The application's official form."""

from documents.rendering import issued_pdf


def issue_application_pdf(*, application, actor, language: str, variant: str = "standard"):
    return issued_pdf(
        entry=application.register_entry,
        template="documents/pdf/application.html",
        context={
            "entry": application.register_entry,
            "application": application,
            "attachments": list(application.attachments.all()),
        },
        language=language,
        variant=variant,
        actor=actor,
    )
