"""What a page builder returns: its layout, the views to unhook when it is left, and its
benchmark sections (by name)."""

from __future__ import annotations

from dataclasses import dataclass, field

import panel as pn

from components.base import ModelView
from components.section import SectionHeading


@dataclass
class PageContent:
    layout: pn.viewable.Viewable
    views: list[ModelView] = field(default_factory=list)
    sections: dict[str, SectionHeading] = field(default_factory=dict)
    disposed: bool = False  # left: callbacks still queued for it must do nothing

    def dispose(self) -> None:
        self.disposed = True
        for view in self.views:
            view.dispose()
        self.views.clear()
