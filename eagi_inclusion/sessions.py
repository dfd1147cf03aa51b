"""Sessions read from the shared cache, kept in the database (Django's `cached_db`),
with one race closed: signing out writes a marker into the cache instead of removing
the entry, and a request that read the session from the database before the sign-out
puts it back into the cache only if nothing is there (`add`, not `set`). Stock
`cached_db` lets such a request restore a signed-out session to the cache for the
rest of its life; here the marker wins and the session stays signed out in every
process. A save inside a transaction reaches the cache when it commits, never if it
rolls back; and a save that raced a sign-out (the row gone by the time the cache was
written) puts the marker back. SESSION_ENGINE = "eagi_inclusion.sessions"
(docs/architecture.md)."""

import logging

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.db import transaction

from .signed_in import in_transaction

logger = logging.getLogger("django.contrib.sessions")

SIGNED_OUT = "eagi:signed-out"


class SessionStore(CachedDBStore):
    cache_key_prefix = "eagi.session."

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # noqa: BLE001 - as Django's: a key the cache refuses is no session
            data = None
        if data == SIGNED_OUT:
            self._session_key = None
            return {}
        if data is None:
            stored = self._get_session_from_db()
            if not stored:
                return {}
            data = self.decode(stored.session_data)
            if in_transaction():
                return data  # a row this transaction may have written: not yet for others
            try:
                self._cache.add(
                    self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date)
                )
            except Exception:  # noqa: BLE001 - the database has it; the cache is a copy
                logger.exception("Error saving to cache (%s)", self._cache)
        return data

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        session_key, key = self.session_key, self.cache_key
        data, seconds = self._session, self.get_expiry_age()

        def keep():
            try:
                self._cache.set(key, data, seconds)
                # Signed out while this was being saved: the marker again.
                if not self.model.objects.filter(session_key=session_key).exists():
                    self._cache.set(key, SIGNED_OUT, _marker_seconds())
            except Exception:  # noqa: BLE001 - as Django's: the database has it
                logger.exception("Error saving to cache (%s)", self._cache)

        if in_transaction():
            transaction.on_commit(keep)
        else:
            keep()

    def delete(self, session_key=None):
        if session_key is None:
            session_key = self.session_key
        if session_key is None:
            return
        DBStore.delete(self, session_key)
        # A marker, not a removal, so a concurrent read cannot bring the session back.
        self._cache.set(self.cache_key_prefix + session_key, SIGNED_OUT, _marker_seconds())


def _marker_seconds() -> int:
    return max(settings.SESSION_COOKIE_AGE, 60)
