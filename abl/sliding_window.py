"""Counting events per key in a sliding time window: the rate limits of the submission path
(refused archives per user) and of logins (failures per address), kept in this process."""

from __future__ import annotations

import threading
from collections import deque


class SlidingWindow:
    """At most `limit` events per key in any `window` seconds. Times are plain seconds from any
    fixed origin (a timestamp, or `time.monotonic()`), the same origin for every call."""

    def __init__(self, limit: int, window: float):
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str, now: float) -> float:
        """0 when `key` is under the limit; otherwise the seconds until its oldest event leaves the window."""
        with self._lock:
            events = self._recent(key, now)
            return 0.0 if len(events) < self.limit else events[0] + self.window - now

    def count(self, key: str, now: float) -> int:
        with self._lock:
            return len(self._recent(key, now))

    def add(self, key: str, now: float) -> None:
        with self._lock:
            self._events[key] = self._recent(key, now)
            self._events[key].append(now)

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.pop(key, deque())  # keys that went quiet cost no memory
        while events and events[0] <= now - self.window:
            events.popleft()
        if events:
            self._events[key] = events
        return events
