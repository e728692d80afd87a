"""What the login-only pages (/submit, /submissions, /review) share: their frame, the header's
account items, and the process's review desk."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn

from abl.results import Results
from abl.review.desk import ReviewDesk, Reviewers
from abl.review.setup import open_desk
from abl.settings import Settings

from .access import logged_in_user
from .live_data import shared_live
from .site import dark_theme_requested, shell


def leaderboard_config() -> str:
    """The config submissions must match and are reviewed in: the leaderboard's (HF_CONFIG or the newest)."""
    return pn.state.as_cached("abl-submission-config", lambda: Results().config())


def shared_desk() -> ReviewDesk:
    """One desk per process; it holds no state (the datasets do), only where they are."""
    return pn.state.as_cached("abl-review-desk", lambda: open_desk(leaderboard_config(), shared_live().data))


def reviewers() -> Reviewers:
    return pn.state.as_cached("abl-reviewers", lambda: Reviewers.of(Settings.from_env().reviewers))


def user_orgs() -> list[str]:
    """The Hub organisations the login reported (Hugging Face's userinfo lists them as `orgs`)."""
    orgs = (pn.state.user_info or {}).get("orgs") or []
    names = []
    for org in orgs if isinstance(orgs, list) else []:
        name = org.get("preferred_username") or org.get("name") if isinstance(org, dict) else org
        if isinstance(name, str):
            names.append(name)
    return names


def is_reviewer(user: str | None) -> bool:
    return reviewers().allows(user, user_orgs())


def account_page(body: Callable[[str | None], list], max_width: int) -> pn.viewable.Viewable:
    """A login-only page in the site's frame, in the reader's theme, with their account items;
    `body(user)` builds its content (user None: nobody is logged in, as on a server without login)."""
    dark = dark_theme_requested()
    if dark:
        pn.config.theme = "dark"
    user = logged_in_user()
    main = pn.Column(*body(user), sizing_mode="stretch_width", max_width=max_width)
    return shell(main, dark, page="submit", rendered="submit", in_page=False, account=account(user) if user else [])


def account(user: str) -> list[list[str]]:
    """The header's account items: who is logged in, their pages, and the way out."""
    info = pn.state.user_info or {}
    name = info.get("name") if isinstance(info.get("name"), str) else None
    who = f"Logged in as {user}" + (f" ({name})" if name and name != user else "")
    items = [[who, ""], ["My submissions", "/submissions"]]
    if is_reviewer(user):
        items.append(["Review queue", "/review"])
    return [*items, ["Log out", "/logout"]]
