"""Results that stay current: a process-wide holder of the last good data of each split.

A server keeps one `LiveResults`; a scheduled task calls `refresh()`, which costs one cheap
revision check while nothing has changed. Sessions read `data(split)` and compare `version`
to notice new data. A failed refresh keeps serving the last good data and records why; so
does a refresh that would replace a split's rows with none (see `refresh`).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import param

from .loading import SplitData
from .results import SPLITS, Results

log = logging.getLogger(__name__)


class LiveResults(param.Parameterized):
    version = param.Integer(default=0, doc="increases whenever any split's data changes")
    last_checked = param.Date(default=None, allow_None=True, doc="time of the last refresh attempt")
    error = param.String(default=None, allow_None=True, doc="why the last refresh failed, if it did")

    def __init__(self, results: Results, splits: tuple[str, ...] = SPLITS, **params):
        super().__init__(**params)
        self.results = results
        self.splits = splits
        self._data: dict[str, SplitData] = {}
        self._lock = threading.Lock()

    def data(self, split: str) -> SplitData:
        """The newest good data of a split, loading it on first use."""
        if split not in self._data:
            self.refresh(only=split, raise_errors=True)
        return self._data[split]

    def refresh(self, only: str | None = None, raise_errors: bool = False) -> bool:
        """Check for a new revision and load what changed. True if any split changed.

        A refresh fails, keeping the last good data and saying why in `error`, when the source
        cannot be read, or when a split that had rows would get none (its folder emptied, every
        file unreadable): a broken upload or a mistaken deletion must not empty the board.
        Losing every row of a split takes an operator: restarting the server loads afresh, and
        a fresh load shows whatever the source holds, even nothing.
        """
        changed, problems = False, []
        with self._lock:
            try:
                revision = self.results.source.revision()
                for split in [only] if only else self.splits:
                    fresh, last = self.results.split(split, revision), self._data.get(split)
                    if fresh is last:
                        continue
                    if last is not None and last.rows and not fresh.rows:
                        problems.append(_no_rows(last, fresh))
                        log.warning("refresh of %s failed: %s", self.results.label, problems[-1])
                        continue  # the other splits may still update
                    self._data[split] = fresh
                    changed = True
            except Exception as exc:  # keep serving the last good data, whatever went wrong
                log.warning("refresh of %s failed: %s", self.results.label, exc)
                problems.append(f"{type(exc).__name__}: {exc}")
                if raise_errors and (only or self.splits[0]) not in self._data:
                    raise
            finally:
                # Inside the lock: concurrent refreshes must not lose a version step.
                self.param.update(
                    last_checked=datetime.now(UTC),
                    error="; ".join(problems) or None,
                    version=self.version + (1 if changed else 0),
                )
        return changed

    def status_text(self) -> str:
        """e.g. "Data as of revision 1a2b3c4 (2025-08-26 12:00 UTC), checked 12:05 UTC"."""
        if not self._data:
            return "No data loaded yet."
        data = next(iter(self._data.values()))
        revision = data.revision
        short = revision.id[:12] if not revision.id.startswith("local-") else revision.id
        when = f" ({revision.time:%Y-%m-%d %H:%M} UTC)" if revision.time else ""
        checked = f", checked {self.last_checked:%H:%M} UTC" if self.last_checked else ""
        text = f"Data as of revision {short}{when}{checked}"
        if self.error:
            text += f". Last refresh failed ({self.error}); showing the last good data"
        return text + "."


def _no_rows(last: SplitData, fresh: SplitData) -> str:
    """Why `fresh` was not shown in place of `last`, e.g. "the new data for split 'test' has no
    readable rows (3 files, all rejected; ...); still showing the data from 2026-11-02 12:00 UTC"."""
    if fresh.skipped:
        count = len(fresh.skipped)
        found = f"{count} {'file' if count == 1 else 'files'}, all rejected; first: {fresh.skipped[0]}"
    else:
        found = "no files found"
    when = last.revision.time or last.loaded_at
    return (
        f"the new data for split {fresh.split!r} has no readable rows ({found}); "
        f"still showing the data from {when:%Y-%m-%d %H:%M} UTC"
    )
