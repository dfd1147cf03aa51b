from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("The centre's support work")

    def ready(self):
        # Model modules are importable only once the app registry is ready.
        from students.disposal import register_purger
        from students.models.notifications import register_param_label

        from . import notifications, panels, permissions  # noqa: F401 - its registries
        from .archive import purge_case
        from .models import Format

        # Notifications keep the format's code and name it in the reader's language.
        register_param_label("format", lambda code: Format(code).label)
        register_purger(purge_case)
        panels.register()
