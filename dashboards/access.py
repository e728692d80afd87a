"""Who may open what: everyone browses; /submit, /submissions and /review need a logged-in user
(and /review a reviewer, checked by the page: see dashboards.review_desk).

`configure_access` (called by deploy/start.py at start) installs `authorize` as Panel's global
authorize callback when a login is configured, and tells the operator in the log how to open
submissions when none is. Panel calls `authorize` with the request path (no query string) before
a page's code runs, so a guest never reaches the form: they are sent to the login, which returns
them to /submit.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

import panel as pn

log = logging.getLogger(__name__)

PROTECTED = ("/submit", "/submissions", "/review")
GUEST = "guest"
_login_endpoint: str | None = None  # None: this server has no login
# For the operator, in the server log: readers are only told that submissions are not open here.
NO_LOGIN_HINT = (
    "No login is configured, so this server accepts no submissions. To open them, start it with "
    "ABL_BASIC_AUTH_PASSWORD=... python app.py --auth basic (local runs) or with Hugging Face OAuth "
    "on a Space (see docs/deploy.md)."
)


def configure_access(login_endpoint: str | None) -> None:
    global _login_endpoint
    _login_endpoint = login_endpoint
    pn.config.authorize_callback = authorize if login_endpoint else None
    if login_endpoint is None:
        log.warning(NO_LOGIN_HINT)


def login_available() -> bool:
    return _login_endpoint is not None


def login_url(next_path: str) -> str:
    return f"{_login_endpoint or '/login'}?next={quote(next_path, safe='/')}"


def logged_in_user() -> str | None:
    """The authenticated user of this session, or None (anonymous, or no login configured)."""
    user = pn.state.user
    return None if not user or user == GUEST else str(user)


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
