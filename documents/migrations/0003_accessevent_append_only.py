"""The access log is append-only: on PostgreSQL a trigger refuses UPDATE and DELETE,
so not even a bug or a hand-written query in the application can rewrite it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION documents_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_accessevent_append_only
    BEFORE UPDATE OR DELETE ON documents_accessevent
    FOR EACH ROW EXECUTE FUNCTION documents_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS documents_accessevent_append_only ON documents_accessevent;
DROP FUNCTION IF EXISTS documents_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_accessevent_links")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
