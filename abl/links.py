"""Validation of URLs and text taken from dataset rows and forms.

Everything here treats its input as hostile: a URL is only ever returned if it is plain
http(s), so a `javascript:` link in a dataset row can never reach a page.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

MAX_URL_LENGTH = 2048
_COMMIT = re.compile(r"^[0-9a-fA-F]{7,64}$")
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+\.[A-Za-z]{2,}):(?P<path>[^/].*)$")
HUB = "https://huggingface.co"
# hf://datasets/<org>/<repo>[@<revision>]/<path>: how `agenteval lb publish` records its logs.
_HUB_DATASET = re.compile(r"^hf://datasets/(?P<repo>[\w.-]+/[\w.-]+)(?:@(?P<rev>[\w.-]+))?(?:/(?P<path>.*))?$")


def safe_http_url(value: object) -> str | None:
    """The URL if it is an absolute http(s) URL without credentials, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > MAX_URL_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if parts.username or parts.password:
        return None
    return url


def hub_web_url(value: object, hub: str = HUB) -> str | None:
    """The Hub's web page of an `hf://datasets/...` folder, or None for anything else."""
    if not isinstance(value, str) or len(value) > MAX_URL_LENGTH:
        return None
    match = _HUB_DATASET.match(value.strip())
    if not match:
        return None
    parts = [p for p in (match["path"] or "").split("/") if p]
    if any(p in (".", "..") or any(ch.isspace() or ord(ch) < 32 for ch in p) for p in parts):
        return None
    page = f"{hub}/datasets/{match['repo']}"
    if not parts and not match["rev"]:
        return page
    return f"{page}/tree/{quote(match['rev'] or 'main')}/" + "/".join(quote(p) for p in parts)


def link_url(value: object) -> str | None:
    """A link a page may show: plain http(s), or an hf:// dataset path as its Hub web page."""
    return safe_http_url(value) or hub_web_url(value)


def git_source_url(origin: str | None, commit: str | None) -> str | None:
    """Browsable link to a git revision: `git@github.com:o/r.git` + sha -> https .../tree/sha."""
    if not isinstance(origin, str) or not origin.strip():
        return None
    origin = origin.strip()
    scp = _SCP_LIKE.match(origin)
    if scp and "://" not in origin:
        origin = f"https://{scp['host']}/{scp['path']}"
    try:
        parts = urlsplit(origin)
    except ValueError:
        return None
    if parts.scheme in ("ssh", "git", "git+ssh", "http", "https") and parts.hostname:
        # Drop any user or token from the netloc: origins sometimes carry credentials.
        host = parts.hostname + (f":{parts.port}" if parts.port and parts.scheme in ("http", "https") else "")
        path = parts.path.rstrip("/")
        if path.endswith(".git"):
            path = path[: -len(".git")]
        origin = urlunsplit(("https", host, path, "", ""))
    base = safe_http_url(origin)
    if base is None:
        return None
    if isinstance(commit, str) and _COMMIT.match(commit.strip()):
        return f"{base}/tree/{commit.strip()}"
    return base


def clean_text(value: object, max_length: int) -> str:
    """Printable text: control characters except newlines and tabs removed, runs of blanks
    folded, length capped."""
    if not isinstance(value, str):
        return ""
    text = "".join(ch if not unicodedata.category(ch).startswith("C") or ch in "\n\t" else " " for ch in value)
    text = re.sub(r"[ \t]+", " ", text).strip()
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text
