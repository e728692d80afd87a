"""The review desk this server's settings describe (no Panel here: the pages and tests share it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..intake.notify import notifier_for
from ..loading import SplitData
from ..settings import SAMPLE_PREFIX, Settings
from .desk import ReviewDesk
from .ledger import HubLedger, Ledger, LocalLedger

SAMPLE_REFUSAL = (
    "This server shows the embedded sample results, so it publishes nowhere: set ABL_DATASET_PREFIX "
    "to the datasets the leaderboard reads."
)


def open_ledger(settings: Settings) -> Ledger:
    submissions, results = settings.dataset_location("submissions"), settings.dataset_location("results")
    if settings.submissions_are_local:
        if not settings.is_local:
            raise ValueError("submissions in a local folder need the results in one too (ABL_DATASET_PREFIX)")
        return LocalLedger(submissions, results)
    if settings.is_local:
        raise ValueError("submissions on the Hub need the results on the Hub too (ABL_DATASET_PREFIX)")
    return HubLedger(submissions, results, token=settings.token)


def open_desk(config: str, leaderboard: Callable[[str], SplitData], settings: Settings | None = None) -> ReviewDesk:
    settings = settings or Settings.from_env()
    on_sample = settings.is_local and Path(settings.dataset_prefix).expanduser().resolve() == SAMPLE_PREFIX
    return ReviewDesk(
        open_ledger(settings),
        config,
        notifier_for(settings),
        leaderboard=leaderboard,
        publish_refusal=SAMPLE_REFUSAL if on_sample else None,
        score_timeout_s=settings.score_timeout_s,
    )
