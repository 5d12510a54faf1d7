"""One bounded memo for the work a batch worker keeps from one document to the next.

Line breaks and parsed markup (:mod:`.paragraphs`), font subsets' finished bytes (:mod:`.subsets`),
logo image objects (:mod:`.logo`) and measured heights (:mod:`.fit`) are each kept in a
:class:`BoundedMemo`: at most ``size`` entries, the least recently used dropped first, so what every
school shares stays while each school's own entries pass through, and memory stays flat however
many schools a batch has. Size 0 keeps nothing.
"""

from __future__ import annotations

import threading
from typing import Any


class BoundedMemo:
    """A bounded memo that counts its hits (``get``) and, as its callers tell it, its misses.

    Reads take no lock (a dict lookup is atomic); storing and moving an entry to the back do, as
    threads may render side by side. ``None`` is never a value: :meth:`get` returns it for a miss.
    """

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self.entries: dict[Any, Any] = {}
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Any) -> Any:
        """The value kept under ``key`` (moved to the back: used last), or None."""
        entries = self.entries
        found = entries.get(key)
        if found is not None:
            self.hits += 1
            with self.lock:
                if entries.pop(key, None) is not None:  # evicted by another thread meanwhile: still right
                    entries[key] = found
        return found

    def store(self, key: Any, value: Any) -> None:
        """Keep ``value`` under ``key``, dropping the least recently used entries beyond the size."""
        with self.lock:
            entries = self.entries
            while len(entries) >= self.size > 0:
                del entries[next(iter(entries))]
            if self.size > 0:
                entries.setdefault(key, value)

    def info(self) -> dict[str, int]:
        """Hits and misses since it was made, its entries and its size."""
        return {"hits": self.hits, "misses": self.misses, "entries": len(self.entries), "size": self.size}
