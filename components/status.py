""""Data as of ..." and notices about unreadable rows and failed refreshes.

Reasons quote file names and values from datasets, so they are shown as plain text
(`PlainText`), never as Markdown or HTML.
"""

from __future__ import annotations

import panel as pn
import panel_material_ui as pmui

from abl.live import LiveResults
from abl.model import Leaderboard

from .base import PlainText


class DataStatus(pn.viewable.Viewer):
    def __init__(self, live: LiveResults, model: Leaderboard, **params):
        super().__init__(**params)
        self.live = live
        self.model = model
        self.indicator = PlainText(styles={"font-size": "0.78em", "opacity": "0.75"}, margin=(0, 10))
        self._skipped_text = PlainText(styles={"font-size": "0.85em"})
        self._error_text = PlainText(styles={"font-size": "0.85em"})
        self.skipped = pmui.Alert(self._skipped_text, severity="warning", visible=False, sizing_mode="stretch_width")
        self._notes_text = PlainText(styles={"font-size": "0.85em"})
        self.notes = pmui.Alert(self._notes_text, severity="info", visible=False, sizing_mode="stretch_width")
        self.failed = pmui.Alert(self._error_text, title="The last data refresh failed; showing the last good data.",
                                 severity="error", visible=False, sizing_mode="stretch_width")
        model.param.watch(self.update, ["data", "load_error"])
        self.update()

    def update(self, *_: object) -> None:
        """Show the current state; the site calls it from the session when the data may have
        changed (the refresh itself runs outside any session)."""
        self.indicator.text = self.live.status_text()
        data = self.model.data
        problems = data.skipped if data else []
        if problems:
            count = len(problems)
            self.skipped.title = f"{count} {'row' if count == 1 else 'rows'} of the {data.split} split could not be read"
            self._skipped_text.text = "\n".join(str(p) for p in problems[:20]) + (
                f"\n… and {count - 20} more" if count > 20 else "")
        self.skipped.visible = bool(problems)
        notes = data.notes if data else []
        if notes:
            self.notes.title = (f"{len(notes)} {'part' if len(notes) == 1 else 'parts'} of the {data.split} split's "
                                "rows were ignored")
            self._notes_text.text = "\n".join(str(n) for n in notes[:20]) + (
                f"\n… and {len(notes) - 20} more" if len(notes) > 20 else "")
        self.notes.visible = bool(notes)
        errors = [e for e in (self.model.load_error, self.live.error) if e]
        self._error_text.text = "\n".join(errors)
        self.failed.title = ("A split could not be loaded; showing the data that is loaded." if self.model.load_error
                             else "The last data refresh failed; showing the last good data.")
        self.failed.visible = bool(errors)

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(self.failed, self.skipped, self.notes, sizing_mode="stretch_width")
