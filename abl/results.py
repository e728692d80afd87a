"""`Results`: the entry point to one results dataset, for the site, the CLI and notebooks."""

from __future__ import annotations

import os

import pandas as pd

from .loading import ResultsLoader, SplitData
from .names import SPLITS  # noqa: F401  (part of this module's API: abl.results.SPLITS)
from .settings import Settings
from .sources import ResultsSource, RevisionInfo, open_source
from .stats import Mode
from .summary import View, available_views, view_table


class Results:
    """A results dataset (local folder in Hub layout, or Hub repo id) and its loaded splits.

    >>> results = Results("data/asta-bench-results")
    >>> results.table("test", "overall").head()
    """

    def __init__(
        self,
        location: str | os.PathLike[str] | ResultsSource | None = None,
        *,
        config: str | None = None,
        internal: bool | None = None,
        token: str | None = None,
    ):
        settings = Settings.from_env()
        configured = location is None  # the configured dataset: HF_CONFIG applies to it
        if configured:
            location = settings.dataset_location("results")
        self.source = location if hasattr(location, "list_files") else open_source(location, token or settings.token)
        self.loader = ResultsLoader(self.source)
        self.internal = settings.internal if internal is None else internal
        self._config = config if config is not None else (settings.config if configured else None)

    @property
    def label(self) -> str:
        return self.source.label

    @property
    def public_name(self) -> str:
        """The dataset as readers may see it named: a Hub repo id or a folder name, never a path."""
        return self.source.public_name

    def config(self, revision: RevisionInfo | None = None) -> str:
        if self._config is None:
            self._config = self.loader.default_config(revision)
        return self._config

    def split(self, split: str = "test", revision: RevisionInfo | None = None) -> SplitData:
        """The split at the current revision (one cheap revision check; cached otherwise)."""
        revision = revision or self.source.revision()
        return self.loader.load(self.config(revision), split, revision)

    def views(self, split: str = "test") -> list[View]:
        return available_views(self.split(split).stats)

    def table(
        self, split: str = "test", view: View | str = "overall", mode: Mode | str = Mode.LEADERBOARD
    ) -> pd.DataFrame:
        """The ranked table of a view: full-precision numbers, frontier flags, coverage."""
        return view_table(self.split(split), view, mode, internal=self.internal).copy()
