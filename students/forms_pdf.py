"""The application's official form."""

from documents.rendering import Form, issue


def application_form(application) -> Form:
    return Form(
        "application",
        application.register_entry,
        {"application": application, "attachments": list(application.attachments.all())},
    )


def issue_application_pdf(*, application, actor, language: str, variant: str = "standard"):
    return issue(application_form(application), actor=actor, language=language, variant=variant)
