"""Every setting of the site, read from the environment in one place (DESIGN.md section 3, "Where").

`Settings.from_env()` reads them all; a value the site cannot use raises `SettingsError` naming
the variable, and `python app.py` stops with that message before serving. docs/deploy.md has the
table of all of them. With nothing set, everything reads the embedded sample (`abl/sample/`,
`data/` in a checkout), and submissions go to a local folder in the user's data directory (never
into the sample). Login secrets (`ABL_BASIC_AUTH_PASSWORD`, the Space's `OAUTH_*`,
`PANEL_COOKIE_SECRET`) are read by the login setup in `deploy/auth.py`, which checks them at start.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from .links import safe_http_url

DatasetKind = Literal["results", "submissions", "contact-info"]
# Shipped inside the package (also in a wheel); `data/` in a checkout links here.
SAMPLE_PREFIX = Path(str(resources.files("abl").joinpath("sample"))).resolve()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_HUB_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ORIGIN = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$")


class SettingsError(ValueError):
    """An environment variable holds a value the site cannot use; the message names it."""


def _number(
    env: Mapping[str, str],
    name: str,
    kind: Callable[[str], float],
    default: float,
    *,
    zero_ok: bool = False,
    at_most: float = math.inf,
) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and (value >= 0 if zero_ok else value > 0) and value <= at_most):
        what = "whole number" if kind is int else "number"
        sign = "non-negative" if zero_ok else "positive"
        bound = f" up to {at_most:g}" if math.isfinite(at_most) else ""
        raise SettingsError(f"{name} must be a {sign} {what}{bound}, not {raw!r}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false (1/0, yes/no, on/off), not {env.get(name)!r}")


def _reviewers(env: Mapping[str, str]) -> tuple[str, ...]:
    entries = tuple(e.strip() for e in env.get("ABL_REVIEWERS", "").split(",") if e.strip())
    for entry in entries:
        if not _HUB_NAME.match(entry.removeprefix("org:")):
            raise SettingsError(f"ABL_REVIEWERS: {entry!r} is not a Hub user name or org:<name>")
    return entries


def _origins(env: Mapping[str, str]) -> tuple[str, ...]:
    origins = tuple(o.strip() for o in env.get("ABL_ALLOWED_ORIGINS", "").split(",") if o.strip())
    for origin in origins:
        if not _ORIGIN.match(origin):
            raise SettingsError(f"ABL_ALLOWED_ORIGINS: {origin!r} is not a host[:port]")
    return origins


def _webhook(env: Mapping[str, str]) -> str | None:
    url = env.get("ABL_REVIEW_WEBHOOK_URL", "").strip()
    if url and safe_http_url(url) is None:  # the rule the notifier itself applies
        raise SettingsError(f"ABL_REVIEW_WEBHOOK_URL must be an http(s) URL, not {url[:80]!r}")
    return url or None


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
    refresh_seconds: int = 300  # 0: no scheduled refresh
    max_upload_mb: int = 1024
    archive_max_bytes: int = 5 * 1024**3
    archive_max_files: int = 10_000
    archive_max_ratio: float = 200.0
    review_webhook_url: str | None = None
    reviewers: tuple[str, ...] = ()  # Hub user names and org:<name> entries
    score_timeout_s: float = 900.0
    allowed_origins: tuple[str, ...] = ()  # empty: the Space's host, else this machine
    allow_affected_python: bool = False
    port: int = 7860

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """All settings; SettingsError naming the variable when one cannot be used."""
        env = os.environ if environ is None else environ
        prefix = env.get("ABL_DATASET_PREFIX", "").strip() or str(SAMPLE_PREFIX)
        default_submissions = str(_user_data_dir()) if Path(prefix).expanduser().resolve() == SAMPLE_PREFIX else prefix
        return cls(
            dataset_prefix=prefix,
            internal=_flag(env, "IS_INTERNAL"),
            config=env.get("HF_CONFIG", "").strip() or None,
            token=env.get("HF_TOKEN", "").strip() or None,
            submission_prefix=env.get("ABL_SUBMISSION_PREFIX", "").strip() or default_submissions,
            refresh_seconds=int(_number(env, "ABL_REFRESH_SECONDS", int, cls.refresh_seconds, zero_ok=True)),
            max_upload_mb=int(_number(env, "ABL_MAX_UPLOAD_MB", int, cls.max_upload_mb)),
            archive_max_bytes=int(_number(env, "ABL_ARCHIVE_MAX_BYTES", int, cls.archive_max_bytes)),
            archive_max_files=int(_number(env, "ABL_ARCHIVE_MAX_FILES", int, cls.archive_max_files)),
            archive_max_ratio=_number(env, "ABL_ARCHIVE_MAX_RATIO", float, cls.archive_max_ratio),
            review_webhook_url=_webhook(env),
            reviewers=_reviewers(env),
            score_timeout_s=_number(env, "ABL_SCORE_TIMEOUT_S", float, cls.score_timeout_s, at_most=24 * 3600),
            allowed_origins=_origins(env),
            allow_affected_python=_flag(env, "ABL_ALLOW_AFFECTED_PYTHON"),
            port=int(_number(env, "PORT", int, cls.port, at_most=65535)),
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
