""" "Data as of ..." and notices about unreadable rows and failed refreshes, in one pane.

Reasons quote file names and values from datasets, so they are shown as plain text, never as
Markdown or HTML.
"""

from __future__ import annotations

import html

import panel as pn

from abl.live import LiveResults
from abl.model import Leaderboard

from .base import NOTICE_CSS

SHOWN_PROBLEMS = 20


def _listing(items: list) -> str:
    more = len(items) - SHOWN_PROBLEMS
    return "\n".join(str(p) for p in items[:SHOWN_PROBLEMS]) + (f"\n… and {more} more" if more > 0 else "")


def notice_html(kind: str, title: str, text: str) -> str:
    body = html.escape(text).replace("\n", "<br>")
    return (
        f'<div class="abl-notice abl-notice-{kind}" role="status"><strong>{html.escape(title)}</strong>'
        f'<div style="white-space: pre-wrap; overflow-wrap: anywhere">{body}</div></div>'
    )


def status_html(live: LiveResults, model: Leaderboard) -> str:
    parts = [f'<div class="abl-asof">{html.escape(live.status_text())}</div>']
    errors = [e for e in (model.load_error, live.error) if e]
    if errors:
        title = (
            "A split could not be loaded; showing the data that is loaded."
            if model.load_error
            else "The last data refresh failed; showing the last good data."
        )
        parts.append(notice_html("error", title, "\n".join(errors)))
    data = model.data
    if data is not None and data.skipped:
        count = len(data.skipped)
        parts.append(
            notice_html(
                "warning",
                f"{count} {'row' if count == 1 else 'rows'} of the {data.split} split could not be read",
                _listing(data.skipped),
            )
        )
    if data is not None and data.notes:
        count = len(data.notes)
        parts.append(
            notice_html(
                "info",
                f"{count} {'part' if count == 1 else 'parts'} of the {data.split} split's rows were ignored",
                _listing(data.notes),
            )
        )
    return "".join(parts)


class DataStatus(pn.viewable.Viewer):
    def __init__(self, live: LiveResults, model: Leaderboard, **params):
        super().__init__(**params)
        self.live = live
        self.model = model
        self.pane = pn.pane.HTML(sizing_mode="stretch_width", stylesheets=[NOTICE_CSS + _CSS], margin=(0, 10))
        self._watcher = model.param.watch(self.update, ["data", "load_error"])
        self.update()

    def update(self, *_: object) -> None:
        """Show the current state; the site calls it from the session when the data may have
        changed (the refresh itself runs outside any session)."""
        text = status_html(self.live, self.model)
        if text != self.pane.object:
            self.pane.object = text

    def dispose(self) -> None:
        self.model.param.unwatch(self._watcher)

    def __panel__(self) -> pn.viewable.Viewable:
        return self.pane


_CSS = """
.abl-asof { font-size: 0.78em; opacity: 0.75; text-align: right; margin-bottom: 4px; }
.abl-notice { margin-bottom: 6px; }
"""
