"""The submission page (its own endpoint, /submit, which requires a login)."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path

import panel as pn

from abl.intake.archive import ArchiveLimits
from abl.intake.form import SubmissionForm
from abl.intake.notify import notifier_from_env
from abl.intake.service import Receipt, RefusalLimit, submit
from abl.intake.store import open_store
from abl.intake.uploads import upload_area
from abl.settings import Settings
from abl.sources import SourceError
from components.base import Notice, PlainText, SiteMarkdown
from components.submission_form import SubmissionFormView

from .review_desk import account_page, leaderboard_config
from .submit_link import submission_rules, submit_action


def _submit(settings: Settings, config: str, request, archive: Path) -> Receipt:
    # One refusal count per process, shared by every session: a user cannot reset it with a new tab.
    refusals = pn.state.as_cached("abl-archive-refusals", RefusalLimit)
    return submit(
        request,
        archive,
        store=open_store(settings),
        config=config,
        notifier=notifier_from_env(),
        limits=ArchiveLimits.from_env(),
        refusals=refusals,
    )


def _destination(settings: Settings) -> str:
    """The submissions dataset by name: a Hub repo id, never a path on the server."""
    if settings.submissions_are_local:
        return f"the dataset {settings.dataset_name('submissions')} (a folder on this server)"
    return settings.dataset_location("submissions")


def _form(user: str, settings: Settings) -> list:
    try:
        config = leaderboard_config()
    except (SourceError, OSError) as exc:  # without the results we cannot tell which suite to accept
        return [
            Notice(
                kind="error",
                title="Submissions are unavailable: the leaderboard's results could not be read. "
                "Please try again later.",
                text=str(exc),
            )
        ]
    view = SubmissionFormView(SubmissionForm(username=user), partial(_submit, settings, config), upload_area())
    return [
        # The config name comes from the results dataset: escaped text, never Markdown.
        pn.pane.HTML(
            f"<h1>Submit an agent</h1><p>Your run must use the AstaBench suite version "
            f"<b>{html.escape(config)}</b>. Submissions are reviewed before they appear on the leaderboard; "
            "one submission per split every 24 hours.</p>",
            sizing_mode="stretch_width",
        ),
        PlainText(f"Submissions go to {_destination(settings)}.", styles={"opacity": "0.8"}),
        view,
    ]


def submit_page() -> pn.viewable.Viewable:
    """The page at /submit. Where a login is configured, the login rule sends guests to it before
    this runs; so without a user, this server takes no submissions (see `submit_action`)."""
    return account_page(_body, max_width=900)


def _body(user: str | None) -> list:
    if user is None:
        return [
            SiteMarkdown("# Submit an agent"),
            submit_action(None),
            SiteMarkdown("[Back to the leaderboard](./)"),
            submission_rules(),
        ]
    return _form(user, Settings.from_env())
