"""Loading a split of a results dataset into rows, with per-file caching.

`ResultsLoader` remembers every file it has read by (path, fingerprint), so a refresh after
a new submission reads one new file, and a refresh with an unchanged revision reads nothing.
Files that cannot be shown are skipped with a reason; they never hide the good rows.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TypeVar

from packaging.version import InvalidVersion, Version

from .pricing import PriceChanges, reprice_row
from .rows import ResultRow, RowRejected, read_row
from .sources import FileRef, ResultsSource, RevisionInfo, SourceError
from .stats import SplitStats

log = logging.getLogger(__name__)

# Below this many new files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400
# Values that depend on a reader's filters: the most recent ones are kept, shared by all sessions.
RECENT_LIMIT = 48
# What-if price scenarios kept per split: each holds recomputed rows, statistics and tables.
REPRICED_LIMIT = 4
T = TypeVar("T")


@dataclass(frozen=True)
class RowProblem:
    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class SplitData:
    """The readable rows of one config/split at one revision, and what could not be read."""

    source: str
    config: str
    split: str
    revision: RevisionInfo
    loaded_at: datetime
    rows: list[ResultRow]
    skipped: list[RowProblem] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)
    price_changes: PriceChanges = ()  # model prices changed from the published ones (see `repriced`)
    # Derived tables (views, display names), filled on first use: the data never changes.
    cache: dict = field(default_factory=dict, repr=False, compare=False)
    _recent: dict[int, OrderedDict] = field(default_factory=dict, repr=False, compare=False)  # by limit
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def derived(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value computed once from this data (a view table, display names), shared by every
        session that shows this revision."""
        with self._lock:
            if key not in self.cache:
                self.cache[key] = build()
            return self.cache[key]

    def recent(self, key: Hashable, build: Callable[[], T], limit: int = RECENT_LIMIT) -> T:
        """Like `derived`, for values keyed by what readers choose (filters, axis type): only the
        `limit` most recently used of those asked for with the same `limit` are kept, so memory
        stays bounded however readers filter."""
        with self._lock:
            cache = self._recent.setdefault(limit, OrderedDict())
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
            value = build()
            cache[key] = value
            while len(cache) > limit:
                cache.popitem(last=False)
            return value

    def repriced(self, changes: PriceChanges) -> SplitData:
        """This data with costs recomputed at changed model prices (`abl.pricing`); itself when
        nothing changes. Shared by every session asking for the same changes."""
        if not changes:
            return self
        # Each scenario carries tables of its own: only a few are kept, however many readers try.
        return self.recent(("repriced", changes), lambda: self._with_prices(changes), limit=REPRICED_LIMIT)

    def _with_prices(self, changes: PriceChanges) -> SplitData:
        by_model = dict(changes)
        return SplitData(
            source=self.source,
            config=self.config,
            split=self.split,
            revision=self.revision,
            loaded_at=self.loaded_at,
            rows=[reprice_row(row, by_model) for row in self.rows],
            skipped=self.skipped,
            notes=self.notes,
            price_changes=changes,
        )

    @cached_property
    def stats(self) -> SplitStats:
        return SplitStats(self.rows)

    def skipped_summary(self) -> str | None:
        """One line, e.g. "2 rows could not be read: a.json: not valid JSON; ..."."""
        return _summary(self.skipped, "row could not be read", "rows could not be read")

    def notes_summary(self) -> str | None:
        """One line about parts of readable rows that were ignored (e.g. unknown tasks)."""
        return _summary(self.notes, "note on the rows", "notes on the rows")


def _summary(problems: list[RowProblem], one: str, many: str) -> str | None:
    if not problems:
        return None
    count = len(problems)
    shown = "; ".join(str(p) for p in problems[:3])
    more = f"; and {count - 3} more" if count > 3 else ""
    return f"{count} {one if count == 1 else many}: {shown}{more}"


def _row_id(path: str) -> str:
    return PurePosixPath(path).stem


def _read_one(path: Path, rel: str, split: str) -> ResultRow | RowProblem:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RowProblem(rel, f"cannot be read: {exc.strerror or exc}")
    try:
        return read_row(data, _row_id(rel), split)
    except RowRejected as exc:
        return RowProblem(rel, str(exc))
    except Exception as exc:  # a reader bug met by one odd file must not stop the other rows
        log.exception("reading %s failed", rel)
        return RowProblem(rel, f"could not be read ({type(exc).__name__}); the leaderboard's log has details")


@contextmanager
def _gc_paused():
    """Decoding allocates millions of small containers; letting the cyclic collector run
    through them roughly doubles the time, and decoded rows hold no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_batch(items: list[tuple[str, str]], split: str) -> list[ResultRow | RowProblem]:
    with _gc_paused():
        return [_read_one(Path(path), rel, split) for path, rel in items]


def _worker_context() -> multiprocessing.context.BaseContext:
    """Fork when this process has a single thread (the CLI, a notebook's first load): fastest.
    Otherwise (a web server, a background refresh) start workers from a fork server: forking a
    threaded process can copy a lock another thread holds and deadlock the child."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["abl.loading"])
    return context


def _read_all(paths: list[Path], refs: list[FileRef], split: str) -> list[ResultRow | RowProblem]:
    items = [(str(p), r.path) for p, r in zip(paths, refs)]
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_THRESHOLD or workers < 2:
        return _read_batch(items, split)
    chunk = -(-len(items) // (workers * 4))
    batches = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context()) as pool:
            results = pool.map(_read_batch, batches, [split] * len(batches))
            return [item for batch in results for item in batch]
    except (OSError, RuntimeError) as exc:  # e.g. no fork available, or a broken pool
        log.warning("parallel read failed (%s); reading serially", exc)
        return _read_batch(items, split)


class ResultsLoader:
    """Loads splits from one source, reusing everything that has not changed."""

    def __init__(self, source: ResultsSource):
        self.source = source
        self._files: dict[tuple[str, str, str], ResultRow | RowProblem] = {}
        self._splits: dict[tuple[str, str], SplitData] = {}
        self._lock = threading.Lock()

    def configs(self, revision: RevisionInfo | None = None) -> dict[str, dict[str, str]]:
        return self.source.configs(revision or self.source.revision())

    def default_config(self, revision: RevisionInfo | None = None) -> str:
        """The newest config the README lists (by version order of its name)."""
        configs = self.configs(revision)
        if not configs:
            raise SourceError(f"{self.source.label} lists no configs in its README.md")
        return max(configs, key=_version_key)

    def load(self, config: str, split: str, revision: RevisionInfo | None = None) -> SplitData:
        """The split at the source's current revision; cached while the revision stands."""
        revision = revision or self.source.revision()
        with self._lock:
            cached = self._splits.get((config, split))
            if cached is not None and cached.revision.id == revision.id:
                return cached
            data = self._load(config, split, revision)
            self._splits[(config, split)] = data
            return data

    def _load(self, config: str, split: str, revision: RevisionInfo) -> SplitData:
        refs = self.source.list_files(config, split, revision)
        new = [r for r in refs if (split, r.path, r.fingerprint) not in self._files]
        if new:
            paths = self.source.local_paths(new, revision)
            for ref, item in zip(new, _read_all(paths, new, split)):
                self._files[(split, ref.path, ref.fingerprint)] = item
        current = {(split, r.path, r.fingerprint) for r in refs}
        for key in [k for k in self._files if k[0] == split and k not in current]:
            del self._files[key]  # forget files that were replaced or removed
        items = [self._files[(split, r.path, r.fingerprint)] for r in refs]
        rows = [i for i in items if isinstance(i, ResultRow)]
        skipped = [i for i in items if isinstance(i, RowProblem)]
        notes = [RowProblem(f"{row.id}.json", note) for row in rows for note in row.notes]
        for problem in skipped:
            log.warning("skipped %s/%s %s", config, split, problem)
        for note in notes:
            log.info("note on %s/%s %s", config, split, note)
        return SplitData(
            source=self.source.label,
            config=config,
            split=split,
            revision=revision,
            loaded_at=datetime.now(UTC),
            rows=rows,
            skipped=skipped,
            notes=notes,
        )


def _version_key(name: str) -> tuple:
    try:
        return (1, Version(name), name)
    except InvalidVersion:
        return (0, Version("0"), name)
