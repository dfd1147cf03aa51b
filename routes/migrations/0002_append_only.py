"""Route decisions are append-only, as the access log is (documents/0003: the same
trigger function on PostgreSQL, the same flag table on SQLite)."""

from django.db import migrations

from documents.append_only import sqlite_drop_triggers, sqlite_triggers

POSTGRESQL = """
CREATE OR REPLACE TRIGGER routes_routedecision_append_only
    BEFORE UPDATE OR DELETE ON routes_routedecision
    FOR EACH ROW EXECUTE FUNCTION documents_refuse_change();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    elif vendor == "sqlite":
        for statement in sqlite_triggers("routes_routedecision"):
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS routes_routedecision_append_only ON routes_routedecision",
            params=None,
        )
    elif vendor == "sqlite":
        for statement in sqlite_drop_triggers("routes_routedecision"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("routes", "0001_initial"),
        ("documents", "0003_append_only_and_the_institution"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
