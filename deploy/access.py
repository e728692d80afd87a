"""Who may open what: everyone browses; /submit needs a logged-in user.

Set as Panel's global `authorize_callback` by deploy/server_setup.py. Panel calls it with the
request path (no query string) before a page's code runs, so a guest never reaches the form:
they are sent to the login, which returns them to /submit.
"""

from __future__ import annotations

import os
from urllib.parse import quote

PROTECTED = ("/submit",)
GUEST = "guest"


def login_url(next_path: str) -> str:
    endpoint = os.environ.get("ABL_LOGIN_ENDPOINT", "/login")
    return f"{endpoint}?next={quote(next_path, safe='/')}"


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
