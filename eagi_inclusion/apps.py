from django.apps import AppConfig


class EagiInclusionConfig(AppConfig):
    name = "eagi_inclusion"
    verbose_name = "EAGI Inclusion"

    def ready(self):
        # Imported here, not at module level: Django imports AppConfig modules before
        # the app registry is ready (the same holds for every ready() of the project).
        from django.db.backends.signals import connection_created

        from . import checks  # noqa: F401 - registers the project's checks
        from .db import register_integer_in, use_unicode_like

        connection_created.connect(use_unicode_like, dispatch_uid="eagi-unicode-like")
        register_integer_in()
