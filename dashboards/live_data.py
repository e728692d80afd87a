"""The process-wide live results, loaded once and refreshed on a schedule.

`Settings.refresh_seconds` (ABL_REFRESH_SECONDS) sets the interval (default 300; 0 turns scheduled
refresh off).
"""

from __future__ import annotations

import asyncio
import logging

import panel as pn

from abl.live import LiveResults
from abl.results import Results
from abl.settings import Settings
from abl.stats import Mode
from abl.summary import available_views, view_table

log = logging.getLogger(__name__)
TASK_NAME = "abl-refresh-results"


def _warm(live: LiveResults) -> None:
    """Build the tables a first visitor needs, so the first page answers quickly."""
    for split in live.splits:
        try:
            data = live.data(split)
        except Exception as exc:  # reported to visitors by the page; retried on the next visit
            log.warning("could not load the %s split: %s", split, exc)
            continue
        for view in available_views(data.stats):
            for mode in Mode:
                view_table(data, view, mode, internal=live.results.internal)


def _create() -> LiveResults:
    live = LiveResults(Results())
    live.refresh()
    _warm(live)
    seconds = Settings.from_env().refresh_seconds
    if seconds:

        def refresh_and_warm() -> None:
            if live.refresh():
                _warm(live)

        async def refresh() -> None:
            # Reading new files can take seconds: keep it off the event loop that serves pages.
            await asyncio.to_thread(refresh_and_warm)

        pn.state.schedule_task(TASK_NAME, refresh, period=f"{seconds}s")
    return live


def shared_live() -> LiveResults:
    """The one LiveResults of this process (created, loaded and scheduled on first use)."""
    return pn.state.as_cached("abl-live-results", _create)
