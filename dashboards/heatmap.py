"""The heatmap page: every agent against every benchmark, kept in step with the filters,
prices, date and selection; its sort is kept in the URL (`sort=<column>:<asc|desc>`)."""

from __future__ import annotations

import panel as pn
import param

from abl.heatmap import OVERALL, benchmark_columns, grid, sort_grid
from abl.model import FRAME_PARAMS, MAX_LIST_ITEMS, Leaderboard
from components.base import ModelView
from components.heatmap import HeatmapGrid, heat_columns, heat_rows

from .page import PageContent

INTRO = (
    "<h1>Agents × benchmarks</h1><p>Every agent's score on every benchmark, coloured from 0% (dark purple) to "
    "100% (yellow); a hatched cell is a benchmark the agent did not run. Hover a cell for its 95% interval and "
    "cost, sort by any column, and click an agent to select it on every page. The filters, prices and date in "
    "the sidebar apply here too.</p>"
)
DEFAULT_SORT = (OVERALL, "desc")


def parse_sort(text: str) -> tuple[str, str] | None:
    """`ScholarQA-CS2:asc` -> (column, direction); None unless both parts are well formed."""
    column, _, direction = text.rpartition(":")
    return (column[:100], direction) if column and direction in ("asc", "desc") else None


class Heatmap(ModelView):
    sort = param.Tuple(default=DEFAULT_SORT, length=2, doc="(column, 'asc' | 'desc')")
    page_size = param.Integer(default=50)

    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self._frame = None
        self._updating = False
        self.widget = HeatmapGrid(page_size=self.page_size, sizing_mode="stretch_width")
        self.widget.param.watch(self._from_widget, ["sort", "page"])
        self.widget.param.watch(self._picked, ["selected"])
        self.watch(self._refresh, FRAME_PARAMS)
        self.watch(self._sync_selection, ["selected"])
        self.watch(self._show_page, ["sort"], target=self)
        self._refresh()

    def _refresh(self, *_: object) -> None:
        data, model = self.model.priced_data, self.model
        overall = model.table("overall")
        key = ("heatmap", model.mode, model.filters, model.internal)
        self._frame = data.recent(key, lambda: grid(data, overall))
        columns = [OVERALL, *benchmark_columns(data)]
        if self.sort[0] not in columns:
            self.sort = DEFAULT_SORT
        self.widget.columns = heat_columns(columns)
        self._show_page(first=True)

    def _from_widget(self, event: param.parameterized.Event) -> None:
        """The browser's sort and page, checked: a column the grid lacks leaves the sort as it is."""
        if self._updating:
            return
        if event.name == "sort":
            wanted = tuple(event.new) if len(event.new) == 2 else ()
            known = {c["key"] for c in self.widget.columns}
            if wanted and wanted[0] in known and wanted[1] in ("asc", "desc"):
                self.sort = wanted
            else:
                self._show_page()
            return
        self._show_page()

    def _show_page(self, *_: object, first: bool = False) -> None:
        if self._frame is None:
            return
        widget = self.widget
        ordered = sort_grid(self._frame, self.sort[0], self.sort[1] == "desc")
        pages = max(1, -(-len(ordered) // widget.page_size))
        page = 1 if first else min(widget.page, pages)
        rows = ordered.iloc[(page - 1) * widget.page_size : page * widget.page_size]
        self._updating = True
        try:
            widget.param.update(
                rows=heat_rows(rows, [c["key"] for c in widget.columns]),
                sort=list(self.sort),
                page=page,
                pages=pages,
                total=len(ordered),
                selected=list(self.model.selected),
            )
        finally:
            self._updating = False

    def _picked(self, event: param.parameterized.Event) -> None:
        if self._updating or self._frame is None:
            return
        known = set(self._frame["id"]) | set(self.model.selected)
        ids = list(dict.fromkeys(i for i in event.new if isinstance(i, str) and i in known))[:MAX_LIST_ITEMS]
        if ids != self.model.selected:
            self.model.selected = ids

    def _sync_selection(self, *_: object) -> None:
        if self.widget.selected != self.model.selected:
            self.widget.selected = list(self.model.selected)

    def __panel__(self) -> pn.viewable.Viewable:
        return self.widget


def heatmap_page(model: Leaderboard, heatmap: Heatmap) -> PageContent:
    layout = pn.Column(pn.pane.HTML(INTRO, sizing_mode="stretch_width"), heatmap, sizing_mode="stretch_width")
    return PageContent(layout, [heatmap])
