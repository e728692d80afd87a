"""What a page builder returns: its layout and the views to unhook when it is left."""

from __future__ import annotations

from dataclasses import dataclass, field

import panel as pn

from components.base import ModelView


@dataclass
class PageContent:
    layout: pn.viewable.Viewable
    views: list[ModelView] = field(default_factory=list)
    disposed: bool = False  # left: callbacks still queued for it must do nothing

    def dispose(self) -> None:
        self.disposed = True
        for view in self.views:
            view.dispose()
        self.views.clear()
