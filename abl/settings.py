"""Deployment settings from the environment (DESIGN.md section 3, "Where").

- `ABL_DATASET_PREFIX`: a Hub namespace (`allenai`) or a local folder holding dataset clones.
- `IS_INTERNAL`: `true` selects the `asta-bench-internal-*` datasets and internal log links.
- `HF_CONFIG`: the config (suite version) to show; default: the newest the README lists.
- `HF_TOKEN`: token for private Hub datasets (and for writing submissions).
- `ABL_SUBMISSION_PREFIX`: where submissions and contact records go, if not beside the
  results (a Hub namespace or a local folder).
With none of them set, everything reads the embedded sample (`abl/sample/`, also `data/` in a
checkout), and submissions go to a local folder in the user's data directory (never into the sample).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

DatasetKind = Literal["results", "submissions", "contact-info"]
# Shipped inside the package (also in a wheel); `data/` in a checkout links here.
SAMPLE_PREFIX = Path(str(resources.files("abl").joinpath("sample"))).resolve()
_TRUE = {"1", "true", "yes", "on"}


def _user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "astabench-leaderboard"


def _is_local(prefix: str) -> bool:
    """A prefix that names an existing folder (or looks like a path) is local."""
    return Path(prefix).expanduser().is_dir() or prefix.startswith((".", "/", "~"))


@dataclass(frozen=True)
class Settings:
    dataset_prefix: str
    internal: bool = False
    config: str | None = None
    token: str | None = None
    submission_prefix: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        prefix = env.get("ABL_DATASET_PREFIX", "").strip() or str(SAMPLE_PREFIX)
        default_submissions = str(_user_data_dir()) if Path(prefix).expanduser().resolve() == SAMPLE_PREFIX else prefix
        return cls(
            dataset_prefix=prefix,
            internal=env.get("IS_INTERNAL", "").strip().lower() in _TRUE,
            config=env.get("HF_CONFIG", "").strip() or None,
            token=env.get("HF_TOKEN", "").strip() or None,
            submission_prefix=env.get("ABL_SUBMISSION_PREFIX", "").strip() or default_submissions,
        )

    @property
    def is_local(self) -> bool:
        return _is_local(self.dataset_prefix)

    @property
    def submissions_are_local(self) -> bool:
        return _is_local(self.submission_prefix or self.dataset_prefix)

    def dataset_name(self, kind: DatasetKind) -> str:
        internal = self.internal or kind == "contact-info"  # contact details are never public
        return f"asta-bench{'-internal' if internal else ''}-{kind}"

    def dataset_location(self, kind: DatasetKind) -> str:
        """A local folder path or a Hub repo id. Submissions and contact records use
        `submission_prefix`; results use `dataset_prefix`."""
        name = self.dataset_name(kind)
        prefix = self.dataset_prefix if kind == "results" else (self.submission_prefix or self.dataset_prefix)
        if _is_local(prefix):
            return str(Path(prefix).expanduser() / name)
        return f"{prefix.rstrip('/')}/{name}"
