"""What a page builder returns: its layout, and the views to unhook when it is left."""

from __future__ import annotations

from dataclasses import dataclass, field

import panel as pn
import panel_material_ui as pmui
from panel.util import edit_readonly

from components.base import ModelView


@dataclass
class PageContent:
    layout: pn.viewable.Viewable
    views: list[ModelView] = field(default_factory=list)
    anchors: dict = field(default_factory=dict)  # section key -> ScrollAnchor

    def dispose(self) -> None:
        for view in self.views:
            view.dispose()


def site_page(**params) -> pmui.Page:
    """A Material page that does not follow Panel's process-wide busy flag.

    pmui.Page links `busy` to `pn.state.busy`, which flips for every callback of every session:
    each flip then updates the page of every open session, and those updates flip the flag
    again. With 20 sessions on a large dataset this kept a core at 100% for minutes.
    """
    page = pmui.Page(busy_indicator=None, **params)
    with edit_readonly(page):
        page.busy = False
    return page
