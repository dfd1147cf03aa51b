from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students and catalogues")

    def ready(self):
        # Imported here: models and signal receivers need the app registry ready.
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from . import choices, kinds, links, notifications, permissions, series, texts  # noqa: F401
        from .accounts import on_sign_in, on_user_saved
        from .models import User

        choices.connect()
        texts.register()
        kinds.register()
        user_logged_in.connect(on_sign_in, dispatch_uid="eagi-sign-in")
        post_save.connect(on_user_saved, sender=User, dispatch_uid="eagi-password-changed")
