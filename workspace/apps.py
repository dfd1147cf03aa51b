from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The top of the project: what composes the domain apps (home pages and
    dashboards, the digest's overdue items, invariants, backup and restore, the demo
    data). No app imports it."""

    name = "workspace"
    verbose_name = _("Workspace")

    def ready(self):
        from . import dashboards, permissions  # noqa: F401 - needs the models; its rules

        dashboards.connect_figures()
