from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutesConfig(AppConfig):
    name = "routes"
    verbose_name = _("Individual education routes")

    def ready(self):
        # Model modules are importable only once the app registry is ready.
        from students.disposal import register_purger
        from students.services import register_on_archive

        from . import kinds, notifications, panels, permissions, series, texts  # noqa: F401
        from .archive import purge_case
        from .services.closing import close_on_archive

        register_purger(purge_case)
        register_on_archive(close_on_archive)
        texts.register()
        kinds.register()
        panels.register()
