"""The shared cache of one server without Redis (CACHE_URL=file://…, the production
default): Django's file cache, counting its entries less often.

Django's FileBasedCache lists its whole folder on every write, to see whether it holds
more than MAX_ENTRIES (`_cull`). A busy server's folder holds thousands of entries —
sessions, signed-in people, kept pages (eagi_inclusion.data_version.kept) — and each
page computed after a change writes one: with 2,304 entries the listing was 4.1 ms of
a 4.7 ms write, at the 20,000 allowed it is ten times that, on every write. Here a
process counts the entries on its first write and then on every CHECK_EVERY-th, and
culls as Django's does (a third of them, once over MAX_ENTRIES): the folder holds at
most CHECK_EVERY entries more than MAX_ENTRIES per process (while MAX_ENTRIES is more
than three times CHECK_EVERY). Reads are Django's.
tests/eagi_inclusion/test_settings.py checks the bound and the answers."""

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    CHECK_EVERY = 100

    def _cull(self):
        self._writes = getattr(self, "_writes", 0) + 1
        if self._writes % self.CHECK_EVERY == 1 or self.CHECK_EVERY == 1:
            super()._cull()
