"""One token for "the data as it is now", replaced by every write to the database, so
that what is computed from the data can be kept in the shared cache under it and is
never served after the data changed (#32: the home pages).

The writes are seen where every write passes, not model by model: an execute wrapper
on every connection (installed on `connection_created`) replaces the token after any
statement that is not a read — an ORM save or delete, a bulk `update()`, `bulk_create`,
raw SQL through Django, a migration, a test's flush. Only writes to tables named by
`ignore()` leave it alone: the sessions (renewed once a minute per person), the
access log (written by every page that shows personal data), and a sign-in's
bookkeeping (django-axes' records, the authenticator's last code, the accounts' own
history, and — by `ignore_update()` — the time of the last sign-in), and the task
queue's own rows (what a task writes to the app's tables still counts), which no kept
page computes from: everyone signs in each morning, and each sign-in would otherwise
throw away every page kept for everyone else. A new table therefore invalidates by
default; leaving it out is a decision.

The token is replaced at once (for the rest of the writer's transaction, and tests,
which never commit) and again after the commit: a reader that read the database
between the write and the commit kept its result under a token that the second
replacement makes stale. Each transaction's first write replaces it at once, even
when the connection's last transaction ended with a write nobody read it after.

What a request shows is kept under the token *as the request found it before reading
anything* — read with the signed-in person, in the same cache round trip
(eagi_inclusion.signed_in) — not as it is when the content is rendered: the access
check reads the route or case and the person's roles first, and the content shows
them. If another person's write commits in between, the token has moved on, and
`kept()` computes the page without keeping it; keeping it under the new token would
serve rows read before the write until the next one. A token lost from the cache is
made anew with a random value, so losing the cache only costs a recomputation. What a
transaction that may yet roll back has read is not for the cache (`cacheable()`).

Writes made outside the app (psql by hand, pg_restore) are not seen: `manage.py
restore` calls `replace()` itself, docs/deployment.md §11 says to clear the cache after
SQL by hand, and what is kept under the version lives at most `MAX_AGE` seconds."""

import datetime
import hashlib
import logging
import re
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .facts import recall

logger = logging.getLogger(__name__)

KEY = "eagi.data-version"
FACT = "data-version"  # the token as the request found it first (eagi_inclusion.facts)
MAX_AGE = 300  # seconds: the longest a kept result lives, for what changes with the clock

# A read may open with parentheses: PostgreSQL's compound queries, `(SELECT …) UNION
# ALL (SELECT …)`, as Django writes them (not SQLite's). `(WITH …` stays a write.
_READS = re.compile(
    r"[\s(]*(?:SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|EXPLAIN|PRAGMA|VALUES)\b",
    re.IGNORECASE,
)
_TARGET = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE
)
_UPDATE = re.compile(
    r'\s*UPDATE\s+"?([A-Za-z0-9_]+)"?\s+SET\s+(.+?)\s+WHERE\s', re.IGNORECASE | re.DOTALL
)
_ASSIGNMENT = re.compile(r'\s*"?([A-Za-z0-9_]+)"?\s*=\s*%s\s*')
_ignored: set[str] = {"django_session"}
_ignored_updates: set[tuple[str, frozenset[str]]] = set()


def ignore(table: str) -> None:
    """Writes to `table` do not change the data version (see the module's docstring)."""
    _ignored.add(table)


def ignore_update(table: str, *columns: str) -> None:
    """An UPDATE of `table` that sets exactly these columns, and nothing else, does not
    change the data version: bookkeeping on a table whose other columns pages show
    (the time of a person's last sign-in on the accounts table)."""
    _ignored_updates.add((table, frozenset(columns)))


def changes_data(sql: str) -> bool:
    if _READS.match(sql):
        return False
    target = _TARGET.match(sql)
    if target and target.group(1) in _ignored:
        return False
    if _ignored_updates and (update := _UPDATE.match(sql)):
        assignments = [_ASSIGNMENT.fullmatch(part) for part in update.group(2).split(",")]
        if all(assignments):
            columns = frozenset(a.group(1) for a in assignments)
            return (update.group(1), columns) not in _ignored_updates
    return True


def current() -> str:
    """The token now (made if the cache has none: first use, or evicted)."""
    return seen(cache.get(KEY))


def seen(token: str | None) -> str:
    """`token`, as read from the cache at KEY (alone, or in one round trip with other
    keys: eagi_inclusion.signed_in reads it with the signed-in person at the start of a
    request), or a new one if the cache had none. This connection's next write
    replaces it again."""
    connections[DEFAULT_DB_ALIAS]._eagi_replaced_unread = False
    if token is None:
        cache.add(KEY, uuid.uuid4().hex, None)
        token = cache.get(KEY)
    return token


def replace() -> None:
    """Everything kept under the data version is computed anew on its next read: after
    a change the execute wrapper cannot see (a restore by pg_restore, SQL by hand), and
    in the benchmark's "after a change" rows."""
    cache.set(KEY, uuid.uuid4().hex, None)


def changed(connection) -> None:
    """After a write on `connection`: the token is replaced now, and again after the
    commit. Within one transaction, writes after the first replace it again only once
    someone on this connection has read it since (a bulk load of thousands of statements
    costs one cache write, not thousands); one replacement runs after the commit."""
    if not connection.in_atomic_block:
        replace()  # committed already
        return
    if not connection.__dict__.get("_eagi_replaced_unread"):
        replace()
        connection._eagi_replaced_unread = True
    pending = connection.__dict__.get("_eagi_commit_pending")
    if pending is None or pending["done"]:
        pending = connection._eagi_commit_pending = {"done": False}

    def after_commit():
        if pending["done"]:
            return
        pending["done"] = True
        # The next transaction's first write replaces it at once again.
        connection._eagi_replaced_unread = False
        try:
            replace()
        except Exception:  # noqa: BLE001 - logged; the write itself has committed
            logger.exception("Could not replace the data version")

    # One callback a write: a savepoint rolled back drops its own, the others remain.
    transaction.on_commit(after_commit, using=connection.alias)


def cacheable(using: str = "default") -> bool:
    """False inside a transaction that may yet roll back (a test's own outer transaction,
    which never commits, does not count)."""
    from .signed_in import in_transaction

    return not in_transaction(using)


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if changes_data(sql):
        changed(context["connection"])
    return result


def install(sender, connection, **kwargs) -> None:
    """connection_created receiver (eagi_inclusion.apps)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)


def migrated(**kwargs) -> None:
    """post_migrate: a deployment's new code reads nothing kept by the old one."""
    replace()


def kept(
    request,
    parts: list,
    render: Callable[[], str],
    *,
    until: Callable[[], datetime.datetime | None] | None = None,
) -> SafeString:
    """What `render()` returns for this person, kept in the cache under the data version
    and read from there until the data changes. The version is the one the request
    found when it began to read (FACT, remembered with the signed-in person): if a write
    came since, what the request read before it — the access check's rows, the roles —
    may be older than the version now, so the page is computed and not kept. The key
    holds the person, `parts` (the page and whatever of the request changes it), the
    language, the date (what is current or overdue) and the browser's CSRF secret
    (forms in the HTML carry tokens made from it; without one yet, nothing is kept).
    The entry ends at `until()`, asked after rendering (an emergency access's end), or
    after MAX_AGE seconds."""
    token = current()
    if recall(request.user, FACT) not in (None, token):
        # The data changed since this request began to read (before the access check,
        # whose rows `render` may show): computed from them, not kept.
        return mark_safe(render())  # noqa: S308 - our own rendering, as below
    secret = request.META.get("CSRF_COOKIE")
    named = [request.user.pk, get_language(), timezone.localdate().isoformat(), secret, *parts]
    # Hashed: a query string can be longer than any cache's key.
    digest = hashlib.sha256(repr(named).encode()).hexdigest()
    key = f"eagi.kept:{token}:{digest}"
    now = timezone.now()
    entry = cache.get(key)
    if entry is not None and entry[0] > now:
        return mark_safe(entry[1])  # noqa: S308 - our own rendering, escaped by its template
    html = render()
    ends = now + datetime.timedelta(seconds=MAX_AGE)
    if until is not None and (bound := until()) is not None:
        ends = min(ends, bound)
    if secret and cacheable() and ends > now:
        cache.set(key, (ends, str(html)), MAX_AGE)
    return mark_safe(html)  # noqa: S308 - as above
