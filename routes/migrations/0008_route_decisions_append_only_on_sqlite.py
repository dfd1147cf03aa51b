"""Route decisions are append-only on SQLite too (PostgreSQL: routes/0002)."""

from django.db import migrations

from documents.append_only import sqlite_drop_triggers, sqlite_triggers


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite_triggers("routes_routedecision"):
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite_drop_triggers("routes_routedecision"):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("routes", "0007_route_decision_event"),
        ("documents", "0016_append_only_on_sqlite"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
