"""/review: the review queue, for the reviewers named in ABL_REVIEWERS (Hub users, org:<name>)."""

from __future__ import annotations

import logging
from datetime import timedelta

import panel as pn

from abl.intake.store import StoreError, open_store
from abl.review.status import Submission, owner
from abl.settings import Settings
from abl.sources import SourceError
from components.base import Notice, SiteMarkdown
from components.review_queue import ReviewQueue

from .live_data import shared_live
from .review_desk import account_page, is_reviewer, shared_desk
from .submissions import submission_card

log = logging.getLogger(__name__)


def contact_text(submission: Submission) -> str:
    """The submitter's contact record (private dataset), found by user, split and submission time."""
    user = owner(submission.name, submission.metadata)
    if user is None or submission.submitted_at is None:
        return "unknown: the folder name does not match its metadata"
    try:
        records = open_store(Settings.from_env()).recent_contacts(
            user, submission.config, submission.split, submission.submitted_at - timedelta(seconds=1)
        )
    except StoreError as exc:
        return f"could not be read ({exc})"
    stamp = submission.metadata.get("submit_time")
    for record in records:
        if record.get("submit_time") == stamp and record.get("username_auth") == user:
            opt_in = "yes" if record.get("email_opt_in") else "no"
            return (
                f"{record.get('username')} ({user}), {record.get('role')}\n{record.get('email')} "
                f"(news by e-mail: {opt_in})"
            )
    return f"no contact record for {user} at {stamp} (the reviewers' notification may have it)"


def _refresh_leaderboard() -> None:
    """Read the results again so the published row shows without waiting for the schedule."""
    try:
        shared_live().refresh()
    except (SourceError, OSError) as exc:
        log.warning("refresh after publishing failed: %s", exc)


def review_page() -> pn.viewable.Viewable:
    """The page at /review (guests are sent to the login first; others see why they may not review)."""
    return account_page(_body, max_width=1100)


def _body(user: str | None) -> list:
    if not is_reviewer(user):
        return [
            Notice(
                kind="error",
                title="The review queue is for reviewers.",
                text="Your account is not among this server's reviewers. Your own submissions are "
                "on the My submissions page.",
            )
        ]
    try:
        desk = shared_desk()
        queue = ReviewQueue(
            desk,
            user,
            lambda s: submission_card(desk, s, reviewer=True),
            contact_text,
            after_publish=_refresh_leaderboard,
        )
    except (StoreError, SourceError, OSError, ValueError) as exc:
        return [Notice(kind="error", title="The review queue could not be opened.", text=str(exc))]
    return [
        SiteMarkdown(
            "# Review queue\nScore a submission with agent-eval, check where it would land, "
            "then publish it or reject it with a reason. Every action is recorded with your name."
        ),
        queue,
    ]
