"""The kept pages this process saw lately, in its own memory: a kept page is served again without being read
back from Redis (docs/page-cache.md, "Where a kept page lives").

Nothing here decides whether a page may be served: the key is the same as in the shared cache (the user, the
session, the CSRF secret, the path...), and every visit still asks the database whether the page is still
true. A copy here lives no longer than in the shared cache: until the time written in the entry when the
page was rendered. The memory is bounded (PAGE_CACHE_NEARBY_MIB per process); the pages least lately served
go first.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings

# what an entry costs besides its HTML: the snapshot, the table names, the logged reads, the dictionary
_OVERHEAD = 2048


class Nearby:
    def __init__(self):
        self._entries: OrderedDict[str, tuple[float, int, dict]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    @staticmethod
    def budget() -> int:
        return int(getattr(settings, "PAGE_CACHE_NEARBY_MIB", 0) * 1024 * 1024)

    def get(self, key: str) -> dict | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[2]

    def put(self, key: str, entry: dict) -> None:
        """Keep `entry` (with its `until`, a time.time() value) under `key`, if it fits."""
        size = len(entry["content"]) + _OVERHEAD
        budget = self.budget()
        with self._lock:
            if key in self._entries:
                self._drop(key)
            if size > budget or entry["until"] <= time.time():
                return
            self._entries[key] = (entry["until"], size, entry)
            self._used += size
            while self._used > budget:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._used = 0

    def _drop(self, key: str) -> None:
        _until, size, _entry = self._entries.pop(key)
        self._used -= size

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def used(self) -> int:
        return self._used


pages = Nearby()
