"""System checks of the project's own infrastructure."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import connections
from django.db.migrations.loader import MigrationLoader


@checks.register(checks.Tags.database)
def migration_history_known(app_configs=None, databases=None, **kwargs):
    """`migrate` on a database built by migrations of the project that are no longer on
    disk (they were squashed into new ones before the first deployment) would fail
    with "table already exists": say what to do instead."""
    errors = []
    root = Path(settings.BASE_DIR).resolve()
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and "site-packages" not in Path(config.path).parts
    }
    for alias in databases or ():
        loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
        gone = sorted(
            key
            for key in loader.applied_migrations or {}
            if key[0] in ours and key not in loader.disk_migrations
        )
        if gone:
            errors.append(
                checks.Error(
                    f"The database '{alias}' was built by migrations that are no longer in "
                    f"the code (e.g. {gone[0][0]}.{gone[0][1]}): they were squashed into new "
                    "ones before the first deployment, and such a database cannot be "
                    "upgraded.",
                    hint="Move the database aside and run again (for the SQLite default: "
                    "var/db.sqlite3; scripts/start.sh then makes it anew with the demo data).",
                    id="eagi_inclusion.E010",
                )
            )
    return errors


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_for_sessions(app_configs=None, **kwargs):
    """Sessions and the signed-in user are read from the cache (eagi_inclusion/
    sessions.py, signed_in.py): a per-process cache under several gunicorn workers would
    let one worker keep a session another signed out, or roles another took away."""
    backend = settings.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            checks.Error(
                "CACHE_URL=locmem:// gives each worker its own cache, and sessions and the "
                "signed-in user are read from it: a sign-out, a password change or a role "
                "taken away in one worker would not reach the others.",
                hint="Set CACHE_URL to file:///srv/eagi/var/cache (one server) or "
                "redis://… (several servers), or leave it unset (docs/deployment.md).",
                id="eagi_inclusion.E011",
            )
        ]
    return []
