"""The reviewers' queue: pick a submission, see everything about it, and act on it.

Actions run in a worker thread (scoring takes minutes), with the buttons disabled meanwhile; each
action re-reads the submission's status from the datasets first (see `abl.review.desk`), so two
reviewers acting at once get a clear message instead of a double action.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import panel as pn
import param

from abl.intake.store import StoreError
from abl.review.desk import ReviewDesk, ReviewRefused
from abl.review.preview import PreviewFailed
from abl.review.status import Submission
from abl.sources import SourceError

from .base import Notice, PlainText

log = logging.getLogger(__name__)

ContactLookup = Callable[[Submission], str]


def option_label(submission: Submission) -> str:
    when = f"{submission.submitted_at:%Y-%m-%d %H:%M}" if submission.submitted_at else "?"
    return f"{submission.status}: {submission.agent_name} ({submission.split}, {when}, {submission.name})"


class ReviewQueue(pn.viewable.Viewer):
    show = param.Selector(default="Pending", objects=["Pending", "All"])

    def __init__(
        self,
        desk: ReviewDesk,
        reviewer: str,
        card: Callable[[Submission], pn.viewable.Viewable],
        contact: ContactLookup,
        after_publish: Callable[[], None] | None = None,
        **params,
    ):
        super().__init__(**params)
        self.desk = desk
        self.reviewer = reviewer
        self._card = card
        self._contact = contact
        self._after_publish = after_publish
        self.picker = pn.widgets.Select(name="Submission", options={}, sizing_mode="stretch_width")
        self.filter = pn.widgets.RadioButtonGroup.from_param(self.param.show, button_type="default")
        self.detail = pn.Column(sizing_mode="stretch_width")
        self.reason = pn.widgets.TextAreaInput(
            name="Reason for a rejection (the submitter sees it)",
            max_length=2000,
            sizing_mode="stretch_width",
            height=80,
        )
        self.score_button = pn.widgets.Button(name="Score", button_type="primary")
        self.publish_button = pn.widgets.Button(name="Publish", button_type="success")
        self.reject_button = pn.widgets.Button(name="Reject", button_type="danger")
        self.message = Notice(visible=False)
        self.score_button.on_click(self._score)
        self.publish_button.on_click(self._publish)
        self.reject_button.on_click(self._reject)
        self.picker.param.watch(lambda _e: self._show_selected(), "value")
        self._submissions: dict[str, Submission] = {}
        self._busy = False
        self.reload()

    @param.depends("show", watch=True)
    def reload(self, keep: str | None = None) -> None:
        """Re-read the queue from the datasets; keep `keep` (a folder) selected if it is listed."""
        try:
            found = self.desk.pending() if self.show == "Pending" else self.desk.submissions()
        except (StoreError, SourceError, OSError) as exc:
            self._say("error", "The submissions could not be read.", str(exc))
            found = []
        self._submissions = {s.folder: s for s in found}
        options = {option_label(s): s.folder for s in found}
        selected = keep if keep in self._submissions else (found[0].folder if found else None)
        self.picker.param.update(options=options, value=selected)
        self._show_selected()

    @property
    def selected(self) -> Submission | None:
        return self._submissions.get(self.picker.value)

    def _show_selected(self) -> None:
        submission = self.selected
        if submission is None:
            self.detail.objects = [
                Notice(kind="info", title="Nothing to review.", text="New submissions appear here once stored.")
            ]
        else:
            self.detail.objects = [
                self._card(submission),
                PlainText("Contact (private):\n" + self._contact(submission), margin=(4, 10)),
            ]
        self._update_buttons()

    def _update_buttons(self) -> None:
        status = self.selected.status if self.selected else None
        self.score_button.disabled = self._busy or status != "checked"
        self.publish_button.disabled = self._busy or status != "scored"
        self.reject_button.disabled = self._busy or status not in ("checked", "scored")

    def _say(self, kind: str, title: str, text: str = "") -> None:
        self.message.param.update(kind=kind, title=title, text=text, visible=True)

    async def _act(self, doing: str, action: Callable[[Submission], str]) -> None:
        submission = self.selected
        if submission is None or self._busy:
            return
        self._busy = True
        self._update_buttons()
        self._say(
            "info", f"{doing}: {submission.agent_name}", "This can take a few minutes." if doing == "Scoring" else ""
        )
        try:
            done = await asyncio.to_thread(action, submission)
        except (ReviewRefused, PreviewFailed) as exc:
            self._say("error", f"{doing} did not happen.", str(exc))
        except Exception:  # unexpected: say so honestly; the details go to the server log
            log.exception("%s of %s failed", doing, submission.folder)
            self._say("error", f"{doing} failed on the server.", "Nothing more was recorded; see the server log.")
        else:
            self._say("success", done)
        finally:
            self._busy = False
            self.reload(keep=submission.folder)

    async def _score(self, _event) -> None:
        await self._act("Scoring", lambda s: (self.desk.score(s, self.reviewer), "Scored.")[1])

    async def _publish(self, _event) -> None:
        def publish(submission: Submission) -> str:
            where = self.desk.publish(submission, self.reviewer)
            if self._after_publish is not None:
                self._after_publish()
            return f"Published: {where}"

        await self._act("Publishing", publish)

    async def _reject(self, _event) -> None:
        reason = self.reason.value

        def reject(submission: Submission) -> str:
            self.desk.reject(submission, self.reviewer, reason)
            return "Rejected; the submitter sees the reason on their page."

        await self._act("Rejecting", reject)
        if self.selected is not None and self.selected.status == "rejected":
            self.reason.value = ""

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            pn.Row(self.filter, sizing_mode="stretch_width"),
            self.picker,
            self.message,
            self.detail,
            pn.Row(self.score_button, self.publish_button, sizing_mode="stretch_width"),
            self.reason,
            self.reject_button,
            sizing_mode="stretch_width",
        )
