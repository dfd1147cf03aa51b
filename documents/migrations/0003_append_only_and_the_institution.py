"""What the schema alone cannot say (squashed with the rest on 2026-12-02, before the
first deployment):

- the access log is append-only: a trigger refuses UPDATE and DELETE on PostgreSQL and
  on SQLite alike, so not even a hand-written query can rewrite it, except inside the
  disposal of a case whose retention has ended (regulation §10.2; Law 94-V): on
  PostgreSQL the disposal sets `eagi.disposal` for its own transaction (SET LOCAL), on
  SQLite it writes a row in the flag table (documents/append_only.py);
- the record of the Institute the system was written for (edit it in the admin;
  another university edits its own)."""

from django.db import migrations

from documents.append_only import SQLITE_FLAG_TABLE, sqlite_drop_triggers, sqlite_triggers

POSTGRESQL = """
CREATE OR REPLACE FUNCTION documents_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eagi.disposal', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_accessevent_append_only
    BEFORE UPDATE OR DELETE ON documents_accessevent
    FOR EACH ROW EXECUTE FUNCTION documents_refuse_change();
"""

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS documents_accessevent_append_only ON documents_accessevent;
DROP FUNCTION IF EXISTS documents_refuse_change();
"""


def append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {SQLITE_FLAG_TABLE} (active integer NOT NULL)"
        )
        for statement in sqlite_triggers("documents_accessevent"):
            schema_editor.execute(statement)


def append_only_undone(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP, params=None)
    elif vendor == "sqlite":
        for statement in sqlite_drop_triggers("documents_accessevent"):
            schema_editor.execute(statement)
        schema_editor.execute(f"DROP TABLE IF EXISTS {SQLITE_FLAG_TABLE}")


def the_institute(apps, schema_editor):
    Institution = apps.get_model("documents", "Institution")
    if not Institution.objects.exists():
        Institution.objects.create(
            name_kk="А. Құсайынов атындағы Еуразиялық гуманитарлық институт",
            name_ru="Евразийский гуманитарный институт имени А. Кусаинова",
            name_en="A. Kussainov Eurasian Humanitarian Institute",
            centre_kk="Инклюзивті білім беруді қолдау орталығы",
            centre_ru="Центр поддержки инклюзивного образования",
            centre_en="Inclusive Education Support Centre",
            address_kk="Астана қ.",
            address_ru="г. Астана",
            address_en="Astana",
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_initial")]

    operations = [
        migrations.RunPython(append_only, append_only_undone),
        migrations.RunPython(the_institute, migrations.RunPython.noop),
    ]
