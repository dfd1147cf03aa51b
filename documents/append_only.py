"""The database's own guard on the append-only logs (access events, route decisions):
UPDATE and DELETE are refused by a trigger on PostgreSQL and on SQLite, so not even a
hand-written query can rewrite them. The one exception is the disposal of a case whose
retention has ended, inside its own transaction."""

from django.db import connection

# SQLite has no session settings: the disposal transaction writes a row here, which the
# triggers look for, and removes it before it commits (so no other connection sees it).
SQLITE_FLAG_TABLE = "documents_disposal_in_progress"


def allow_disposal_deletes() -> None:
    """From now until `end_disposal_deletes()` (or the end of this transaction), the
    append-only logs accept this transaction's deletions. Call inside an atomic block."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL eagi.disposal = 'on'")
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SQLITE_FLAG_TABLE} (active) VALUES (1)")  # noqa: S608


def end_disposal_deletes() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_FLAG_TABLE}")  # noqa: S608


def sqlite_triggers(table: str) -> list[str]:
    """The statements that make `table` append-only on SQLite (migrations use them;
    `table` is always one of our own table names, never input)."""
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_append_only_update
            BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_append_only_delete
            BEFORE DELETE ON {table}
            WHEN NOT EXISTS (SELECT 1 FROM {SQLITE_FLAG_TABLE})
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END""",  # noqa: S608
    ]


def sqlite_drop_triggers(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only_update",
        f"DROP TRIGGER IF EXISTS {table}_append_only_delete",
    ]
