"""Deployment settings from the environment (DESIGN.md section 3, "Where").

- `ABL_DATASET_PREFIX`: a Hub namespace (`allenai`) or a local folder holding dataset clones.
- `IS_INTERNAL`: `true` selects the `asta-bench-internal-*` datasets and internal log links.
- `HF_CONFIG`: the config (suite version) to show; default: the newest the README lists.
- `HF_TOKEN`: token for private Hub datasets.
With none of them set, everything reads the embedded sample in `data/`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DatasetKind = Literal["results", "submissions", "contact-info"]
SAMPLE_PREFIX = Path(__file__).resolve().parent.parent / "data"
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    dataset_prefix: str
    internal: bool = False
    config: str | None = None
    token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            dataset_prefix=env.get("ABL_DATASET_PREFIX", "").strip() or str(SAMPLE_PREFIX),
            internal=env.get("IS_INTERNAL", "").strip().lower() in _TRUE,
            config=env.get("HF_CONFIG", "").strip() or None,
            token=env.get("HF_TOKEN", "").strip() or None,
        )

    @property
    def is_local(self) -> bool:
        """A prefix that names an existing folder (or looks like a path) is local."""
        prefix = self.dataset_prefix
        return Path(prefix).expanduser().is_dir() or prefix.startswith((".", "/", "~"))

    @property
    def is_sample(self) -> bool:
        return Path(self.dataset_prefix).expanduser().resolve() == SAMPLE_PREFIX

    def dataset_name(self, kind: DatasetKind) -> str:
        internal = self.internal or kind == "contact-info"  # contact details are never public
        return f"asta-bench{'-internal' if internal else ''}-{kind}"

    def dataset_location(self, kind: DatasetKind) -> str:
        """A local folder path or a Hub repo id."""
        name = self.dataset_name(kind)
        if self.is_local:
            return str(Path(self.dataset_prefix).expanduser() / name)
        return f"{self.dataset_prefix.rstrip('/')}/{name}"
