"""What a request has already read about a person, in one request-scoped object.

A page asks the same questions several times (the user's roles, their rights on this
case, the cases they reach as staff, the routes they teach): each is read once and
remembered here, for the request only. `RequestFactsMiddleware` opens the scope
before anything reads the user and closes it when the response leaves, so nothing
outlives the request and nothing is written on the User object. Outside a request (a
queued task, a management command, a test calling a service) there is no scope and
every question is read afresh, unless the caller opens one with `request_scope()`.

Keys are per user (their primary key), so two User objects of one person share what
was read; a service that changes a fact calls `forget` in the same breath."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_MISSING = object()


class Facts:
    def __init__(self) -> None:
        self._memo: dict[tuple[int, str], Any] = {}

    def get(self, user_pk: int, key: str, default=_MISSING):
        return self._memo.get((user_pk, key), default)

    def set(self, user_pk: int, key: str, value) -> None:
        self._memo[(user_pk, key)] = value

    def forget(self, user_pk: int, keys: tuple[str, ...]) -> None:
        for memo_key in [k for k in self._memo if k[0] == user_pk]:
            if not keys or memo_key[1] in keys:
                del self._memo[memo_key]


_current: ContextVar[Facts | None] = ContextVar("eagi_request_facts", default=None)


def _pk(user) -> int | None:
    return getattr(user, "pk", None)


def remember(user, key: str, read: Callable[[], Any]):
    """The fact `key` about `user`, read by `read()` once per scope."""
    facts, pk = _current.get(), _pk(user)
    if facts is None or pk is None:
        return read()
    value = facts.get(pk, key)
    if value is _MISSING:
        value = read()
        facts.set(pk, key, value)
    return value


def recall(user, key: str, default=None):
    """A fact already read in this scope, or `default`."""
    facts, pk = _current.get(), _pk(user)
    if facts is None or pk is None:
        return default
    value = facts.get(pk, key)
    return default if value is _MISSING else value


def prime(user, key: str, value) -> None:
    """Remember what a query already read along with something else."""
    facts, pk = _current.get(), _pk(user)
    if facts is not None and pk is not None:
        facts.set(pk, key, value)


def forget(user, *keys: str) -> None:
    """Drop the named facts about `user` (all of them with no key): a service that
    changed them calls this, so the rest of the request reads them again."""
    facts, pk = _current.get(), _pk(user)
    if facts is not None and pk is not None:
        facts.forget(pk, keys)


@contextmanager
def request_scope():
    """One scope: what a request has, for code run outside one."""
    token = _current.set(Facts())
    try:
        yield
    finally:
        _current.reset(token)


class RequestFactsMiddleware:
    """First in MIDDLEWARE: every request has its own scope, and no other."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)
