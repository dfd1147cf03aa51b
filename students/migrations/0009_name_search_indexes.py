"""Trigram indexes for the case-insensitive name search of the lists (icontains is
UPPER(column) LIKE UPPER('%word%') on PostgreSQL, which a B-tree cannot serve).

PostgreSQL only; pg_trgm is a trusted extension (PostgreSQL 13+), so the database
owner may create it. Where it cannot be created the search still works, unindexed,
and the migration says so instead of failing the deployment."""

from django.db import migrations

COLUMNS = {
    "students_student": ["last_name", "first_name", "patronymic", "full_name_ru", "preferred_name"],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SAVEPOINT eagi_trgm")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("RELEASE SAVEPOINT eagi_trgm")
    except Exception as error:  # noqa: BLE001 - any refusal: go on without the indexes
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ROLLBACK TO SAVEPOINT eagi_trgm")
        print(f"\n  pg_trgm not available ({error}); name search stays unindexed.")
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [("students", "0008_notifications")]

    operations = [migrations.RunPython(create, drop)]
