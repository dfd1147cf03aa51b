from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students and catalogues")

    def ready(self):
        from . import choices

        choices.connect()
