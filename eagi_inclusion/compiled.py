"""Queries whose SQL is compiled once per question, not once per request (#32).

Two thirds of a page computed after a write is Django's own Python turning querysets
into SQL: building them (`filter`, `Exists`, `Q`) and compiling them. The SQL of the
access checks and of a page's lists depends only on who asks (the person, their
roles, the day) and on what they ask for (a route's id), never on the data: the same
person opening the same route after another person's write sends the same SQL with
the same parameters, bar the clock's reading. `rows(key, build)` keeps the compiled
SQL of `build()`'s queryset in this process under `key`, and on every later call with
the same key sends it again without building or compiling anything.

The rules, which `rows` enforces where it can:

- `key` holds everything `build` reads to decide the query: the person's facts
  (`person_key` in students.selectors: id, roles, active, the head's global access),
  the day, the object's id, any list read from the database that the query embeds.
  Nothing may be read by `build` that is not in the key.
- The clock is not in the key. Parameters that are the clock's reading while `build`
  ran (the `expires_at > now` of an emergency access) are replaced by the clock's
  reading on every call; so `build` reads the clock itself (a moment read before it
  would be kept as a constant, and the verification below fails on it).
- `build` returns a plain queryset of model instances (select_related and
  prefetch_related are kept) or of `values_list()`; the caller gets a list.
- With `COMPILED_QUERIES_VERIFY` (the test suite's settings), every call that finds
  its key also builds and compiles the query and fails loudly if the SQL or the
  parameters differ from what was kept: the whole suite is this module's equivalence
  test, on both databases (docs/architecture.md).

What is kept is SQL text and Django's compiler for it, never data: a write does not
make it stale. It lives in the process (at most `LIMIT` entries, least recently used
first out)."""

import copy
import datetime
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, DateTimeField, QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable
from django.utils import timezone

# An entry is about 40 KB (the compiler holds Django's query, subqueries included): at
# most 20 MB a process. A route page keeps nine, a case page five, a home five or six.
LIMIT = 500

_entries: OrderedDict = OrderedDict()
_lock = threading.Lock()
_CLOCK_FIELD = DateTimeField()
# What evaluating the queryset asks of its query is only its compiler (Django's own
# iterables for model instances and for values_list(), flat or not).
_ITERABLES = (ModelIterable, ValuesListIterable, FlatValuesListIterable)


class CompiledQueryMismatch(AssertionError):
    """A kept query's SQL differs from the one its builder makes now: its key misses
    something the builder reads."""


class _Entry:
    __slots__ = ("clock_at", "compiler", "iterable", "model", "params", "prefetch", "sql")

    def __init__(self, queryset: QuerySet, compiler, sql: str, params: tuple, clock_at: tuple):
        self.model = queryset.model
        self.iterable = queryset._iterable_class
        self.prefetch = queryset._prefetch_related_lookups
        self.compiler = compiler  # set up by as_sql(): the columns, the related rows
        self.sql, self.params, self.clock_at = sql, params, clock_at


class _Compiled:
    """What evaluating a queryset asks of its query, answered from an entry."""

    def __init__(self, entry: _Entry, params: tuple):
        self.entry, self.params = entry, params

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.entry.compiler)
        compiler.connection = connections[using or DEFAULT_DB_ALIAS]
        compiler.using = using or DEFAULT_DB_ALIAS
        sql, params = self.entry.sql, self.params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


def _adapted(moment: datetime.datetime):
    return _CLOCK_FIELD.get_db_prep_value(moment, connections[DEFAULT_DB_ALIAS])


def _built(build: Callable[[], QuerySet]) -> tuple[_Entry, tuple]:
    before = timezone.now()
    queryset = build()
    if queryset._iterable_class not in _ITERABLES:
        raise TypeError("compiled.rows keeps querysets of model instances or values_list()")
    if queryset._known_related_objects:
        raise TypeError("compiled.rows: build the queryset from its manager, not a relation")
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = "", ()
    params = tuple(params)
    after = timezone.now()
    low, high = _adapted(before), _adapted(after)
    clock_at = tuple(
        i
        for i, value in enumerate(params)
        if type(value) is type(low) and low <= value <= high and _is_moment(value)
    )
    return _Entry(queryset, compiler, sql, params, clock_at), params


def _is_moment(value) -> bool:
    if isinstance(value, datetime.datetime):
        return True
    # SQLite: the adapted form is the text of a naive UTC datetime.
    try:
        datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def rows(key: tuple[Hashable, ...], build: Callable[[], QuerySet]) -> list:
    """The rows of `build()`'s queryset, its SQL compiled once per `key` in this
    process (see the module's docstring for what the key must hold)."""
    full_key = (DEFAULT_DB_ALIAS, connections[DEFAULT_DB_ALIAS].vendor, *key)
    with _lock:
        entry = _entries.get(full_key)
        if entry is not None:
            _entries.move_to_end(full_key)
    if entry is None:
        entry, params = _built(build)
        with _lock:
            _entries[full_key] = entry
            while len(_entries) > LIMIT:
                _entries.popitem(last=False)
    else:
        params = list(entry.params)
        if entry.clock_at:
            now = _adapted(timezone.now())
            for i in entry.clock_at:
                params[i] = now
        params = tuple(params)
        if getattr(settings, "COMPILED_QUERIES_VERIFY", False):
            _verify(full_key, entry, params, build)
    if not entry.sql:
        return []
    queryset = QuerySet(model=entry.model, query=_Compiled(entry, params))
    queryset._iterable_class = entry.iterable
    queryset._prefetch_related_lookups = entry.prefetch
    return list(queryset)


def children(parent, model, field: str, *related: str, **filters) -> list:
    """The rows of `model` whose `field` is `parent` (and that match `filters`), with
    `related` joined and the parent set on each: what `parent.<related manager>` gives,
    its SQL kept per parent. A related manager's queryset cannot be kept (it carries the
    parent object itself), and building one costs what keeping the SQL saves."""
    found = rows(
        (model._meta.label, field, parent.pk, related, tuple(sorted(filters.items()))),
        lambda: model.objects.filter(**{field: parent.pk}, **filters).select_related(*related),
    )
    for row in found:
        setattr(row, field, parent)
    return found


def count(key: tuple[Hashable, ...], build: Callable[[], QuerySet], per: str) -> int:
    """`build().count()` for a queryset of one person's rows (`per` names the column
    that is that person): a GROUP BY on `per`, whose one row, if any, is the count; its
    SQL kept like `rows`' (which takes rows, not aggregates)."""
    counted = rows(
        key,
        lambda: build().order_by().values(per).annotate(n=Count("pk")).values_list("n", flat=True),
    )
    return counted[0] if counted else 0


def _verify(key, entry: _Entry, params: tuple, build) -> None:
    fresh, fresh_params = _built(build)
    same_params = len(fresh_params) == len(params) and all(
        i in entry.clock_at or a == b
        for i, (a, b) in enumerate(zip(fresh_params, params, strict=False))
    )
    if fresh.sql != entry.sql or not same_params or fresh.clock_at != entry.clock_at:
        raise CompiledQueryMismatch(
            f"{key}: the kept SQL is not the one its builder makes now\n"
            f"kept:  {entry.sql} {params}\nfresh: {fresh.sql} {fresh_params}"
        )


def forget() -> None:
    """Drop every kept query (tests; nothing in the app needs it: the SQL of a key
    never changes while the code does not)."""
    with _lock:
        _entries.clear()
