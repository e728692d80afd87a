"""The submission form: widgets for `abl.intake.form.SubmissionForm`, upload, progress, receipt.

The archive goes from the browser straight to the streaming upload endpoint (see
components/archive_upload.py); the session only looks it up, by token, among the logged-in
user's uploads. Submitting runs in a worker thread so the page stays responsive and shows
progress. Every message that quotes input is shown as plain text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import panel as pn

from abl.intake.archive import human_size
from abl.intake.form import SubmissionForm
from abl.intake.request import MAX_DESCRIPTION, MAX_EMAIL, MAX_NAME, MAX_URL
from abl.intake.service import Receipt, SubmissionRefused
from abl.intake.uploads import StoredUpload, UploadArea

from .archive_upload import ArchiveUpload
from .base import Notice, PlainText, two_way

log = logging.getLogger(__name__)

TERMS = """**Terms.** By submitting you confirm that the run is your own work with the agent described,
made with agent-eval on the AstaBench split you chose, and you agree that the results, the agent
name, description and URL, and your display name are published on the leaderboard and in the
results dataset. Your e-mail address and role are kept private and used only to contact you about
this submission (and for news, if you opt in)."""


def _choice(form: SubmissionForm, name: str, label: str, prompt: str) -> pn.widgets.Select:
    """A select that starts on an explicit "Choose…" entry: `from_param` would show the first
    option as if chosen while the model still holds None."""
    parameter = form.param[name]
    widget = pn.widgets.Select(
        label=label, description=parameter.doc, options={prompt: None, **{o: o for o in parameter.objects}}
    )
    two_way(widget, form, name)
    return widget


class SubmissionFormView(pn.viewable.Viewer):
    def __init__(self, form: SubmissionForm, submit: Callable[[object, Path], Receipt], uploads: UploadArea, **params):
        super().__init__(**params)
        self.form = form
        self._submit_fn = submit
        self._uploads = uploads
        self._archive: StoredUpload | None = None
        p = form.param
        self.widgets = {
            "display_name": pn.widgets.TextInput.from_param(
                p.display_name, label="Display name", description=p.display_name.doc
            ),
            "role": _choice(form, "role", "Role", "Choose your role…"),
            "email": pn.widgets.TextInput.from_param(p.email, label="Contact e-mail", description=p.email.doc),
            "email_opt_in": pn.widgets.Checkbox.from_param(p.email_opt_in, label="Send me news about AstaBench"),
            "split": pn.widgets.RadioButtonGroup.from_param(p.split, label="Split", color="default", variant="outline"),
            "agent_name": pn.widgets.TextInput.from_param(
                p.agent_name, label="Agent name", description=p.agent_name.doc
            ),
            "agent_description": pn.widgets.TextAreaInput.from_param(
                p.agent_description, label="Description", description=p.agent_description.doc, rows=4
            ),
            "agent_url": pn.widgets.TextInput.from_param(
                p.agent_url, label="Agent URL (optional)", description=p.agent_url.doc
            ),
            "openness": _choice(form, "openness", "Openness", "Choose the openness…"),
            "tooling": _choice(form, "tooling", "Tooling", "Choose the tooling…"),
            "terms_accepted": pn.widgets.Checkbox.from_param(p.terms_accepted, label="I accept the terms above"),
        }
        for widget in self.widgets.values():
            widget.sizing_mode = "stretch_width"
        # The browser stops typing at the limits the server enforces anyway.
        for name, limit in (
            ("display_name", MAX_NAME),
            ("email", MAX_EMAIL),
            ("agent_name", MAX_NAME),
            ("agent_description", MAX_DESCRIPTION),
            ("agent_url", MAX_URL),
        ):
            self.widgets[name].max_length = limit
        self.upload = ArchiveUpload(max_bytes=uploads.max_bytes, sizing_mode="stretch_width", margin=(5, 10))
        self.button = pn.widgets.Button(label="Submit", color="primary", disabled=True)
        self.progress = pn.indicators.Progress(active=True, visible=False, sizing_mode="stretch_width")
        self.todo = PlainText(styles={"color": "#b00020"}, sizing_mode="stretch_width")
        self.result = Notice(visible=False)
        self.upload.param.watch(self._on_upload, "upload")
        self.button.on_click(self._on_submit)
        form.param.watch(self._show_errors, ["errors", "ready"])
        self._show_errors()

    def _on_upload(self, event) -> None:
        stored = self._uploads.get(self.form.username, event.new["token"]) if event.new else None
        self._archive = stored
        self.form.archive_name = stored.name if stored else ""
        if stored is not None:
            self.upload.status = f"Attached: {stored.name} ({human_size(stored.size)})"
        elif event.new:  # a token the server does not hold (expired, or not this user's)
            self.upload.status = "That upload is no longer available; please attach the archive again."

    def _show_errors(self, *_: object) -> None:
        errors = self.form.errors
        # Flag fields that hold something wrong; empty required fields are only listed below.
        for name, widget in self.widgets.items():
            value = getattr(self.form, name)
            wrong = name in errors and value not in ("", None, False)
            widget.css_classes = ["abl-invalid"] if wrong else []
        self.todo.text = "To submit: " + " ".join(errors.values()) if errors else ""
        self.button.disabled = not self.form.ready or self.progress.visible

    async def _on_submit(self, _event) -> None:
        self.progress.visible = True
        self.button.disabled = True
        self.result.visible = False
        archive = self._archive
        try:
            request = self.form.request()
            if archive is None or self._uploads.get(self.form.username, archive.token) is None:
                raise SubmissionRefused("The attached archive is no longer available; please attach it again.")
            receipt = await asyncio.to_thread(self._submit_fn, request, archive.path)
        except (SubmissionRefused, ValueError) as exc:
            self._show_result("error", "Not submitted. Please fix this and try again:", str(exc))
        except Exception:  # an unexpected failure still gets a clear, honest message; details go to the log
            log.exception("submission by %s failed", self.form.username)
            self._show_result(
                "error",
                "Not submitted: an unexpected error occurred on the server.",
                "Nothing was stored. Please try again later; if it happens again, tell the maintainers.",
            )
        else:
            self._uploads.discard(self.form.username, archive.token)  # stored in the dataset now
            self._archive = None
            self._show_result("success", "Submission received.", "\n".join(receipt.lines()))
        finally:
            self.progress.visible = False
            self._show_errors()

    def _show_result(self, kind: str, title: str, text: str) -> None:
        self.result.param.update(kind=kind, title=title, text=text, visible=True)

    def __panel__(self) -> pn.viewable.Viewable:
        w = self.widgets
        return pn.Column(
            pn.pane.Markdown("### About you"),
            w["display_name"],
            w["role"],
            w["email"],
            w["email_opt_in"],
            pn.pane.Markdown("### Your agent"),
            w["agent_name"],
            w["agent_description"],
            w["agent_url"],
            pn.Row(w["openness"], w["tooling"], sizing_mode="stretch_width"),
            pn.pane.Markdown("### Your run"),
            w["split"],
            pn.pane.Markdown(
                "Attach the `.tar.gz` of the agent-eval run directory (`eval_config.json` and the "
                "Inspect `.eval` logs). Check it first with `abl check-archive run.tar.gz`."
            ),
            self.upload,
            pn.pane.Markdown(TERMS),
            w["terms_accepted"],
            self.todo,
            self.button,
            self.progress,
            self.result,
            sizing_mode="stretch_width",
            max_width=820,
        )
