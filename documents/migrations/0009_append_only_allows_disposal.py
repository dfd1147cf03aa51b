"""Append-only logs refuse UPDATE and DELETE, except inside the disposal transaction
of a case whose retention has ended (regulation §10.2; Law 94-V: personal data is
destroyed when its purpose and term are over). The disposal service sets
`eagi.disposal` for its own transaction only (SET LOCAL)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION documents_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('eagi.disposal', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION documents_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("documents", "0008_disposal_act")]

    operations = [migrations.RunPython(forwards, backwards)]
