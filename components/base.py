"""A view of a model that stops listening to it when its page is left."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

import panel as pn
import param


class ModelView(pn.viewable.Viewer):
    def __init__(self, model: param.Parameterized, **params):
        super().__init__(**params)
        self.model = model
        self._watchers: list[tuple[param.Parameterized, param.parameterized.Watcher]] = []

    def watch(self, fn: Callable, names: Iterable[str], target: param.Parameterized | None = None) -> None:
        target = self.model if target is None else target
        self._watchers.append((target, target.param.watch(fn, list(names))))

    def view_available(self) -> bool:
        """Does the model's data have this component's view (if it has one)?"""
        view = getattr(self, "view", None)
        return view is None or view in {v.key for v in self.model.views()}

    def dispose(self) -> None:
        """Unhook from the model, so a page that is no longer shown costs nothing."""
        for target, watcher in self._watchers:
            target.param.unwatch(watcher)
        self._watchers.clear()


def two_way(
    widget: param.Parameterized,
    model: param.Parameterized,
    name: str,
    to_model=None,
    to_widget=None,
    widget_param: str = "value",
) -> None:
    """Keep a widget's `widget_param` and a model parameter equal, converting on the way if needed
    (`to_model` also validates what comes from the browser)."""
    to_model = to_model or (lambda v: v)
    to_widget = to_widget or (lambda v: v)
    setattr(widget, widget_param, to_widget(getattr(model, name)))

    def push(event) -> None:
        value = to_model(event.new)
        if getattr(model, name) != value:
            setattr(model, name, value)

    def pull(event) -> None:
        value = to_widget(event.new)
        if getattr(widget, widget_param) != value:
            setattr(widget, widget_param, value)

    widget.param.watch(push, widget_param)
    model.param.watch(pull, name)


class PlainText(pn.pane.HTML):
    """Text shown as text: HTML-escaped, wrapped, in the page's font. For anything that may
    quote untrusted input (file names, reasons, agent names)."""

    text = param.String(default="")

    _rename = {**pn.pane.HTML._rename, "text": None}  # rendered into `object`, not sent as is

    def __init__(self, text: str = "", **params):
        super().__init__(text=text, **params)

    @param.depends("text", watch=True, on_init=True)
    def _render(self) -> None:
        # Line breaks as <br>: the pane's own styling does not keep newlines.
        escaped = html.escape(self.text).replace("\n", "<br>")
        self.object = f'<div style="white-space: pre-wrap; overflow-wrap: anywhere">{escaped}</div>'


NOTICE_CSS = """
.abl-notice { border-radius: 6px; padding: 10px 14px; border-left: 4px solid; font-size: 0.9em; }
.abl-notice strong { display: block; margin-bottom: 2px; }
.abl-notice-info { background: rgba(9, 105, 218, 0.08); border-color: #0969da; }
.abl-notice-warning { background: rgba(191, 135, 0, 0.10); border-color: #bf8700; }
.abl-notice-error { background: rgba(207, 34, 46, 0.08); border-color: #cf222e; }
.abl-notice-success { background: rgba(26, 127, 55, 0.08); border-color: #1a7f37; }
"""


class Notice(pn.pane.HTML):
    """A titled message box (info, warning, error, success); title and text are shown as text."""

    title = param.String(default="")
    text = param.String(default="")
    kind = param.Selector(default="info", objects=["info", "warning", "error", "success"])

    _rename = {**pn.pane.HTML._rename, "title": None, "text": None, "kind": None}

    def __init__(self, **params):
        params.setdefault("stylesheets", [NOTICE_CSS])
        params.setdefault("sizing_mode", "stretch_width")
        super().__init__(**params)

    @param.depends("title", "text", "kind", watch=True, on_init=True)
    def _render(self) -> None:
        title = f"<strong>{html.escape(self.title)}</strong>" if self.title else ""
        text = html.escape(self.text).replace("\n", "<br>")
        self.object = (
            f'<div class="abl-notice abl-notice-{self.kind}" role="status">{title}'
            f'<div style="white-space: pre-wrap; overflow-wrap: anywhere">{text}</div></div>'
        )


class SiteMarkdown(pn.pane.Markdown):
    """Markdown of the site's own texts (never of dataset text): they are few and never change,
    so each is rendered once per process instead of once per page view."""

    _rendered: dict = {}

    def _transform_object(self, obj) -> dict:
        key = (
            obj,
            self.renderer,
            self.dedent,
            self.hard_line_break,
            self.disable_anchors,
            tuple(self.plugins),
            tuple(self.extensions),
        )
        if key not in self._rendered:
            self._rendered[key] = super()._transform_object(obj)
        return self._rendered[key]
