"""/submissions: a logged-in user's own submissions, with their status, the reviewers' reasons,
what was stored, and once scored, the scores and where the row would land."""

from __future__ import annotations

import panel as pn

from abl.intake.store import StoreError
from abl.review.desk import ReviewDesk, ReviewRefused
from abl.review.preview import PreviewFailed
from abl.review.status import Submission
from abl.sources import SourceError
from components.base import Notice, SiteMarkdown
from components.submission_view import submission_view

from .review_desk import account_page, shared_desk


def submission_card(desk: ReviewDesk, submission: Submission, reviewer: bool = False) -> pn.Column:
    preview = None
    if submission.status == "scored":
        try:
            preview = desk.preview(submission)
        except (ReviewRefused, PreviewFailed, SourceError, OSError):
            preview = None  # the scores still show; the placement needs the leaderboard
    return submission_view(
        submission, desk.files(submission), desk.summary_stats(submission), preview, reviewer=reviewer
    )


def _cards(user: str) -> list[pn.viewable.Viewable]:
    try:
        desk = shared_desk()
        mine = desk.of_user(user)
    except (StoreError, SourceError, OSError, ValueError) as exc:
        return [
            Notice(kind="error", title="Your submissions could not be read. Please try again later.", text=str(exc))
        ]
    if not mine:
        return [
            Notice(
                kind="info",
                title="No submissions yet.",
                text="Submissions you make with the form appear here with their review status.",
            )
        ]
    return [submission_card(desk, s) for s in mine]


def submissions_page() -> pn.viewable.Viewable:
    """The page at /submissions (guests are sent to the login first, see dashboards.access)."""
    return account_page(_body, max_width=1000)


def _body(user: str | None) -> list:
    if user is None:
        return [
            Notice(
                kind="info",
                title="Log in to see your submissions.",
                text="This server has no login, so it takes no submissions.",
            )
        ]
    return [
        SiteMarkdown(
            "# My submissions\nEach submission is checked, scored with agent-eval and "
            "reviewed before it is published on the leaderboard. [Submit another](/submit)"
        ),
        *_cards(user),
    ]
