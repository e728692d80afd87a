"""Which AstaBench benchmarks a run's Inspect logs cover, read from the unpacked run directory.

Each `.eval` log is a zip whose `header.json` (or, for a log that never finished,
`_journal/start.json`) names the task it ran (`eval.task`, e.g. `astabench/sqa_test`). A run
may cover only part of its split: that is allowed, but the reader of `abl check-archive` should
know before submitting, since the leaderboard shows such a run as incomplete.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import names
from ..schema import SplitDef

HEADERS = ("header.json", "_journal/start.json")
MAX_HEADER_BYTES = 16 * 1024**2  # a header this large is not one Inspect wrote


@dataclass(frozen=True)
class Coverage:
    covered: tuple[str, ...]  # benchmark display names with a log, in suite order
    missing: tuple[str, ...]  # benchmarks of the split without one
    unread: int  # logs whose task could not be read


def logged_task(log: Path) -> str | None:
    """The task an Inspect log ran, or None when its header cannot be read."""
    try:
        with zipfile.ZipFile(log) as archive:
            for name in HEADERS:
                try:
                    info = archive.getinfo(name)
                except KeyError:
                    continue
                if info.file_size > MAX_HEADER_BYTES:
                    return None
                task = json.loads(archive.read(info)).get("eval", {}).get("task")
                return task if isinstance(task, str) else None
    except (OSError, zipfile.BadZipFile, ValueError, AttributeError, RecursionError):
        return None
    return None


def coverage(run_dir: Path, logs: tuple[str, ...], split: SplitDef) -> Coverage:
    """The split's benchmarks with and without a log among `logs` (paths relative to `run_dir`)."""
    tasks = [logged_task(run_dir / log) for log in logs]
    logged = {bench.display for task in tasks if task and (bench := names.benchmark_for(task))}
    expected = [bench.display for task in split.tasks if (bench := names.benchmark_for(task.name))]
    return Coverage(
        covered=tuple(b for b in expected if b in logged),
        missing=tuple(b for b in expected if b not in logged),
        unread=sum(task is None for task in tasks),
    )


def describe(result: Coverage) -> str:
    """One line for `abl check-archive`."""
    if not result.covered and result.unread:
        return "coverage: the logs do not say which tasks they ran, so the check cannot tell which are missing."
    if not result.missing:
        return f"coverage: every benchmark of the split has a log ({len(result.covered)})."
    return (
        f"partial run: no log for {', '.join(result.missing)}. It can be submitted; the leaderboard shows "
        f"it as incomplete ({len(result.covered)} of {len(result.covered) + len(result.missing)} benchmarks)."
    )
