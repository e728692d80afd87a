"""What the login-only pages share: the process's review desk, and the header's account items."""

from __future__ import annotations

import panel as pn

from abl.results import Results
from abl.review.desk import ReviewDesk, Reviewers
from abl.review.setup import open_desk
from abl.settings import Settings

from .live_data import shared_live


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


def account(user: str) -> list[list[str]]:
    """The header's account items: who is logged in, their pages, and the way out."""
    info = pn.state.user_info or {}
    name = info.get("name") if isinstance(info.get("name"), str) else None
    who = f"Logged in as {user}" + (f" ({name})" if name and name != user else "")
    items = [[who, ""], ["My submissions", "/submissions"]]
    if is_reviewer(user):
        items.append(["Review queue", "/review"])
    return [*items, ["Log out", "/logout"]]
