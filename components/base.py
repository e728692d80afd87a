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


def two_way(widget: pn.widgets.Widget, model: param.Parameterized, name: str, to_model=None, to_widget=None) -> None:
    """Keep a widget and a model parameter equal, converting on the way if needed."""
    to_model = to_model or (lambda v: v)
    to_widget = to_widget or (lambda v: v)
    widget.value = to_widget(getattr(model, name))

    def push(event) -> None:
        value = to_model(event.new)
        if getattr(model, name) != value:
            setattr(model, name, value)

    def pull(event) -> None:
        value = to_widget(event.new)
        if widget.value != value:
            widget.value = value

    widget.param.watch(push, "value")
    model.param.watch(pull, name)


class PlainText(pn.pane.HTML):
    """Text shown as text: HTML-escaped, wrapped, in the page's font. For anything that may
    quote untrusted input (file names, reasons, agent names)."""

    text = param.String(default="")

    def __init__(self, text: str = "", **params):
        super().__init__(text=text, **params)

    @param.depends("text", watch=True, on_init=True)
    def _render(self) -> None:
        # Line breaks as <br>: the pane's own styling does not keep newlines.
        escaped = html.escape(self.text).replace("\n", "<br>")
        self.object = f'<div style="white-space: pre-wrap; overflow-wrap: anywhere">{escaped}</div>'
