from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students and catalogues")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import choices
        from .accounts import on_sign_in

        choices.connect()
        user_logged_in.connect(on_sign_in, dispatch_uid="eagi-sign-in")
