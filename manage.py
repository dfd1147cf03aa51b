#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that only read the code (models, templates, catalogues of messages): they
# sign nothing and serve nothing, so with nothing configured they run with development
# settings instead of being refused for a missing SECRET_KEY.
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eagi_inclusion.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in CODE_ONLY_COMMANDS and not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "true")
    if command != "runserver":
        # A command's statements may run longer than a web request's (settings.py).
        os.environ.setdefault("EAGI_COMMAND", "true")
    from django.core.exceptions import ImproperlyConfigured

    try:
        # Load the settings now: Django would otherwise hide why they were refused
        # and fail later with an unrelated "apps aren't loaded" traceback.
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as error:
        sys.exit(
            f"{error}\nFor development set DEBUG=true (scripts/start.sh does); "
            "see the Configuration table in README.md."
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
