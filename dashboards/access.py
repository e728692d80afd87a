"""Who may open what: everyone browses; /submit needs a logged-in user.

`configure_access` (called by deploy/start.py when a login is configured) installs `authorize`
as Panel's global authorize callback. Panel calls it with the request path (no query string)
before a page's code runs, so a guest never reaches the form: they are sent to the login,
which returns them to /submit.
"""

from __future__ import annotations

from urllib.parse import quote

import panel as pn

PROTECTED = ("/submit",)
GUEST = "guest"
_login_endpoint: str | None = None  # None: this server has no login


def configure_access(login_endpoint: str | None) -> None:
    global _login_endpoint
    _login_endpoint = login_endpoint
    pn.config.authorize_callback = authorize if login_endpoint else None


def login_available() -> bool:
    return _login_endpoint is not None


def login_url(next_path: str) -> str:
    return f"{_login_endpoint or '/login'}?next={quote(next_path, safe='/')}"


def is_guest(user_info: dict | None) -> bool:
    if not user_info:
        return True
    user = user_info.get("user") or user_info.get("username") or user_info.get("preferred_username")
    return not user or user == GUEST


def authorize(user_info: dict | None, path: str) -> bool | str:
    """True to serve the page; a URL string to redirect there instead."""
    if any(path == p or path.startswith(p + "/") for p in PROTECTED) and is_guest(user_info):
        return login_url(path)
    return True
