"""The review desk this server's settings describe (no Panel here: the pages and tests share it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from ..intake.notify import notifier_from_env
from ..loading import SplitData
from ..settings import SAMPLE_PREFIX, Settings
from .desk import ReviewDesk
from .ledger import HubLedger, Ledger, LocalLedger
from .scoring import DEFAULT_TIMEOUT_S

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


def score_timeout(environ: Mapping[str, str]) -> float:
    text = environ.get("ABL_SCORE_TIMEOUT_S", "").strip()
    try:
        value = float(text) if text else DEFAULT_TIMEOUT_S
    except ValueError:
        value = -1
    if not 0 < value <= 24 * 3600:
        raise ValueError(f"ABL_SCORE_TIMEOUT_S must be a number of seconds up to a day, not {text!r}")
    return value


def open_desk(
    config: str,
    leaderboard: Callable[[str], SplitData],
    settings: Settings | None = None,
    environ: Mapping[str, str] | None = None,
) -> ReviewDesk:
    settings = settings or Settings.from_env(environ)
    env = os.environ if environ is None else environ
    on_sample = settings.is_local and Path(settings.dataset_prefix).expanduser().resolve() == SAMPLE_PREFIX
    return ReviewDesk(
        open_ledger(settings),
        config,
        notifier_from_env(env),
        leaderboard=leaderboard,
        publish_refusal=SAMPLE_REFUSAL if on_sample else None,
        score_timeout_s=score_timeout(env),
    )
