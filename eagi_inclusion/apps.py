from django.apps import AppConfig


class EagiInclusionConfig(AppConfig):
    name = "eagi_inclusion"
    verbose_name = "EAGI Inclusion"

    def ready(self):
        from . import dashboards

        dashboards.connect_figures()
