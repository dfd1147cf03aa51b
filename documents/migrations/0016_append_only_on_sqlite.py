"""The access log is append-only on SQLite too (PostgreSQL has had its trigger since
0003): the development and embedded database refuses UPDATE and DELETE alike, except
inside a disposal (documents/append_only.py)."""

from django.db import migrations

from documents.append_only import SQLITE_FLAG_TABLE, sqlite_drop_triggers, sqlite_triggers


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE TABLE IF NOT EXISTS {SQLITE_FLAG_TABLE} (active integer NOT NULL)"
    )
    for statement in sqlite_triggers("documents_accessevent"):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in sqlite_drop_triggers("documents_accessevent"):
        schema_editor.execute(statement)
    schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_FLAG_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("documents", "0015_list_order_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
