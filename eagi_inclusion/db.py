"""Small database helpers that know no app."""

import functools
import re

from django.db import connection
from django.db.models import CharField, ForeignKey, IntegerField, Value
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


def analyze(*models) -> None:
    """Refresh the planner's statistics of these tables (all, when none is named)
    after a bulk write.

    Right after a large import the statistics still describe the tables as they were
    (often nearly empty) until autovacuum gets to them, and PostgreSQL then plans joins
    as if every table were tiny. Both PostgreSQL and SQLite understand ANALYZE."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if not models:
            cursor.execute("ANALYZE")
        for model in models:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


# --- SQLite: LIKE that folds case for every alphabet --------------------------------
# Django's contains/icontains/startswith are SQLite's LIKE, which folds case for ASCII
# letters only: "әлия" did not find "Әлия", nor "пп-23" the group "ПП-23". PostgreSQL
# folds Kazakh and Russian letters (UPPER under a UTF-8 locale). Replacing LIKE on each
# SQLite connection with one that folds Unicode case gives both databases the same
# answers (tests/test_lists.py runs on both).


@functools.lru_cache(maxsize=512)
def _like_pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def sqlite_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_pattern(pattern, escape).fullmatch(str(value)) is not None


def use_unicode_like(sender, connection, **kwargs) -> None:
    """connection_created receiver (eagi_inclusion.apps)."""
    if connection.vendor == "sqlite":
        raw = connection.connection
        raw.create_function("like", 2, sqlite_like, deterministic=True)
        raw.create_function("like", 3, sqlite_like, deterministic=True)


# --- Integer `in` lookups ------------------------------------------------------------
# Values no column can hold: Django answers `pk=2**63` with no rows
# (IntegerFieldOverflow) but passed the same value in `pk__in=[2**63]` to the database,
# where SQLite's driver raises OverflowError: a form's checkbox list posted with such a
# number was a server error on SQLite, and on PostgreSQL the same query matched
# nothing. Out-of-range values are dropped here as Django drops them for `exact`, for
# an integer field and a foreign key to one, so both databases answer "no such row"
# (and the form says the choice is not valid).
#
# PostgreSQL: a literal list of integers goes as one parameter, `column =
# ANY(%s::bigint[])`, instead of one parameter per value, `column IN (%s, %s, …)`.
# PostgreSQL turns `IN (…)` into `= ANY(ARRAY[…])` itself, so the plan and the rows are
# the same; what differs is the client's work. A specialist's case list is a couple of
# hundred ids (students.selectors.staff_case_ids): a placeholder and an adapted
# parameter each, and a statement too long for psycopg's parse cache, so it was parsed
# again every time (~1.2 ms a query, docs/performance.md). The parameter is the array's
# text, '{1,2,3}', cast by the server: a Python list psycopg adapts value by value
# (0.18 ms for two hundred, five times on a specialist's home), a string as it is.
# bigint holds every value INT64 admits and compares with an integer column through
# its index. A subquery, an expression or a value that is not an integer keeps
# Django's own `IN`.
#
# tests/eagi_inclusion/test_db.py checks the answers against the values on both.

INT64 = range(-(2**63), 2**63)


class _IntegerIn:
    def _integer_type(self) -> str:
        """The column's integer type ("" when it is none: Django's `IN` as it is)."""
        return self.lhs.output_field.get_internal_type()

    def _drop_out_of_range(self, connection) -> None:
        if not self.rhs_is_direct_value() or not self._integer_type():
            return
        low, high = connection.ops.integer_field_range(self._integer_type())
        self.rhs = [
            value
            for value in self.rhs
            if not isinstance(value, int)
            or ((low is None or value >= low) and (high is None or value <= high))
        ]

    def as_sql(self, compiler, connection):
        self._drop_out_of_range(connection)
        return super().as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value() or self.bilateral_transforms or not self._integer_type():
            return self.as_sql(compiler, connection)
        self._drop_out_of_range(connection)
        values = list(dict.fromkeys(value for value in self.rhs if value is not None))
        if not values or not all(type(value) is int and value in INT64 for value in values):
            return self.as_sql(compiler, connection)  # Django's own IN (and its errors)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array = "{" + ",".join(map(str, values)) + "}"
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, array)


class IntegerFieldIn(_IntegerIn, In):
    pass


class ForeignKeyIn(_IntegerIn, RelatedIn):
    """A foreign key's `__in` (RelatedIn), when the key it points to is an integer."""

    def _integer_type(self) -> str:
        target = self.lhs.output_field.target_field
        return target.get_internal_type() if isinstance(target, IntegerField) else ""


def register_integer_in() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignKey.register_lookup(ForeignKeyIn)


# --- A constant of the code, written into the SQL --------------------------------------
# A statement a connection runs often is prepared (settings: DATABASE_PREPARE_THRESHOLD),
# and PostgreSQL then either plans it for each run's parameters or keeps one generic
# plan. It keeps the generic plan only when its estimated cost is about that of the
# plans made for the values; a status passed as a parameter is, to the generic plan, any
# status, so its estimate of a short list of active routes was several times too low,
# the cost of its LIMIT too high, and the teacher's sections in force were planned anew
# on every visit — 1.1-1.5 ms of planning for 0.4 ms of work, at 20,000 students and
# over, where the same plan would have been kept at 1,000 (docs/performance.md). A
# status is not a value from the request: written as a literal, it is known to every
# plan, and the plan is kept. Only short codes of letters, digits, "_" and "-" are
# taken: nothing a quote could be hidden in.

_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Literal(Value):
    """`Value(code)`, written into the SQL as `'code'` rather than sent as a parameter:
    for a constant of the code that a query filters on (a status)."""

    def __init__(self, code: str):
        code = str(code)
        if not _CODE.fullmatch(code):
            raise ValueError(f"not a code to write into SQL: {code!r}")
        super().__init__(code, output_field=CharField())

    def as_sql(self, compiler, connection):
        return f"'{self.value}'", []
