from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students and catalogues")

    def ready(self):
        # Imported here: models and signal receivers need the app registry ready.
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from eagi_inclusion import data_version

        from . import choices, kinds, links, notifications, permissions, series, texts  # noqa: F401
        from .accounts import on_sign_in, on_user_saved
        from .models import User

        # Every sign-in saves the account's last sign-in (and simple-history a row for
        # it): neither is on a kept page (eagi_inclusion.data_version).
        data_version.ignore_update(User._meta.db_table, "last_login")
        data_version.ignore(User.history.model._meta.db_table)
        choices.connect()
        texts.register()
        kinds.register()
        user_logged_in.connect(on_sign_in, dispatch_uid="eagi-sign-in")
        post_save.connect(on_user_saved, sender=User, dispatch_uid="eagi-password-changed")
