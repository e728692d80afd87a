"""The Submit entry in the navigation: how to submit an agent, the rules, and the reader's next step."""

from __future__ import annotations

import html

import panel as pn

from components.base import Notice, SiteMarkdown

from .access import logged_in_user, login_available, login_url
from .content import SUBMISSION_RULES, SUBMIT_INTRO
from .page import PageContent

ACTION_CSS = """
.abl-action { display: inline-block; padding: 8px 18px; border-radius: 6px; background: #0969da; color: #ffffff;
              font-weight: 600; text-decoration: none; }
.abl-action:hover { background: #0550ae; }
.abl-action:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
"""


def action_link(text: str, href: str) -> pn.pane.HTML:
    """A link drawn as a button: a real link, so it also opens in a new tab."""
    return pn.pane.HTML(
        f'<a class="abl-action" href="{html.escape(href)}">{html.escape(text)}</a>',
        stylesheets=[ACTION_CSS],
        margin=(10, 10),
    )


def submit_action(user: str | None) -> pn.viewable.Viewable:
    """The form for a logged-in user, else the way to log in, else word that this server takes
    no submissions (why is for the operator, in the server log: see `configure_access`)."""
    if user is not None:
        return action_link("Open the submission form", "./submit")
    if login_available():
        return action_link("Log in to submit", login_url("/submit"))
    return Notice(
        kind="info",
        title="Submissions are not open on this server.",
        text="This copy of the leaderboard does not accept submissions; every result can still be browsed.",
    )


def submission_rules() -> SiteMarkdown:
    return SiteMarkdown(SUBMISSION_RULES, sizing_mode="stretch_width")


def submit_info_page() -> PageContent:
    return PageContent(
        pn.Column(
            SiteMarkdown(SUBMIT_INTRO, sizing_mode="stretch_width"),
            submit_action(logged_in_user()),
            submission_rules(),
            sizing_mode="stretch_width",
            max_width=900,
        )
    )
