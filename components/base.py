"""A view of a model that stops listening to it when its page is left."""

from __future__ import annotations

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

    def dispose(self) -> None:
        """Unhook from the model, so a page that is no longer shown costs nothing."""
        for target, watcher in self._watchers:
            target.param.unwatch(watcher)
        self._watchers.clear()
