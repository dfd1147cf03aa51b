from django.apps import AppConfig


class EagiInclusionConfig(AppConfig):
    name = "eagi_inclusion"
    verbose_name = "EAGI Inclusion"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import dashboards
        from .db import use_unicode_like

        connection_created.connect(use_unicode_like, dispatch_uid="eagi-unicode-like")

        dashboards.connect_figures()
