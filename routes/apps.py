from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "routes"
    verbose_name = _("Individual education routes")

    def ready(self):
        # Model modules are importable only once the app registry is ready.
        from students.disposal import register_purger

        from . import kinds, notifications, panels, permissions, series, texts  # noqa: F401
        from .archive import purge_case

        register_purger(purge_case)
        texts.register()
        kinds.register()
        panels.register()
