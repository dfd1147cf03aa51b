from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents and access log")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from eagi_inclusion import data_version

        from . import permissions, privacy  # noqa: F401 - its rules, its number series
        from .models import AccessEvent, Institution

        # Every page that shows personal data writes the access log; no page is computed
        # from it (the log's own pages are not kept under the data version).
        data_version.ignore(AccessEvent._meta.db_table)

        checks.register(seal_configured, checks.Tags.security, deploy=True)
        for signal in (post_save, post_delete):
            signal.connect(
                institution_changed, sender=Institution, dispatch_uid=f"institution-{signal}"
            )


def institution_changed(sender, **kwargs):
    """Pages and forms read the institution from the cache: a saved record is read anew."""
    from django.core.cache import cache

    cache.delete(sender.CACHE_KEY)


def seal_configured(app_configs=None, **kwargs):
    """`check --deploy`: issued PDFs carry the institution's own seal, and its file opens."""
    from django.conf import settings
    from django.core import checks

    from .seal import current_signer, demo_seal_in_use

    if demo_seal_in_use():
        message = (
            "Issued PDFs are sealed with the demo seal, which says on every form that it "
            "is not valid for official use. Configure the Institute's organisation "
            "certificate (SEAL_PKCS12; docs/deployment.md, 'The electronic seal')."
        )
        if settings.DEBUG:
            return [checks.Warning(message, id="documents.W002")]
        return [checks.Error(message, id="documents.E002")]
    if not settings.SEAL_PKCS12:
        return [
            checks.Warning(
                "SEAL_PKCS12 is not set: issued PDFs are not sealed at all. Configure the "
                "Institute's organisation certificate (docs/deployment.md, 'The electronic "
                "seal').",
                id="documents.W001",
            )
        ]
    try:
        current_signer()
    except Exception as exc:  # noqa: BLE001 - any failure to open it is the message
        return [checks.Error(f"The seal SEAL_PKCS12 cannot be opened: {exc}", id="documents.E001")]
    return []
