from django.apps import AppConfig


class EagiInclusionConfig(AppConfig):
    name = "eagi_inclusion"
    verbose_name = "EAGI Inclusion"

    def ready(self):
        # Imported here, not at module level: Django imports AppConfig modules before
        # the app registry is ready (the same holds for every ready() of the project).
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401 - registers the project's checks
            data_version,
            signed_in,
        )
        from .db import register_integer_in, use_unicode_like

        connection_created.connect(use_unicode_like, dispatch_uid="eagi-unicode-like")
        register_integer_in()
        connection_created.connect(data_version.install, dispatch_uid="eagi-data-version")
        post_migrate.connect(data_version.migrated, dispatch_uid="eagi-data-version-migrated")
        # A sign-in's bookkeeping, on no kept page: django-axes' attempts and log (its
        # own admin pages are not kept), the authenticator's last code and throttling
        # (the home's "second step" notice follows the session, not the device). And the
        # queue's own rows (TASKS_BACKEND=database), which no page shows: a queued
        # e-mail's claim and end would otherwise throw away every kept page twice more
        # after the write that queued it (what the task itself writes still counts).
        for table in (
            "axes_accessattempt",
            "axes_accessattemptexpiration",
            "axes_accessfailurelog",
            "axes_accesslog",
            "otp_totp_totpdevice",
            "django_tasks_database_dbtaskresult",
        ):
            data_version.ignore(table)
        signed_in.connect()
        _translate_the_admins_boolean_icons()


def _translate_the_admins_boolean_icons() -> None:
    """Django's admin draws a yes/no field as an icon whose text is the Python value
    (alt="True") in every language, read aloud so by a screen reader: the same icon with
    "Yes", "No" or "Unknown" in the reader's language. Every caller imports the function
    from its module when it runs (admin_list, helpers, utils), so replacing it there is
    enough; tests/eagi_inclusion/test_admin_language.py reads the admin's pages."""
    from django.contrib.admin.templatetags import admin_list
    from django.templatetags.static import static
    from django.utils.html import format_html
    from django.utils.translation import gettext

    def boolean_icon(field_val):
        icon = {True: "yes", False: "no", None: "unknown"}[field_val]
        text = {True: "Yes", False: "No", None: "Unknown"}[field_val]
        return format_html(
            '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), gettext(text)
        )

    admin_list._boolean_icon = boolean_icon
