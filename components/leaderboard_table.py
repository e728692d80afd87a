"""The ranked table of one view, kept in step with the model's filters, budget and selection."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pandas as pd
import panel as pn
import param

from abl.model import COLUMN_GROUPS, FRAME_PARAMS, MAX_COMPARE, MAX_LIST_ITEMS, Leaderboard
from abl.summary import to_csv_frame, to_records

from .base import ModelView
from .rank_table import RankTable
from .table_format import sort_rows, table_columns, table_rows


class LeaderboardTable(ModelView):
    """`RankTable` of `model.table(view)`; row ticks and `model.selected` mirror each other."""

    view = param.String(default="overall")
    page_size = param.Integer(default=20)

    def __init__(self, model: Leaderboard, on_compare: Callable[[], None] | None = None, **params):
        """`on_compare()` opens the comparison of the selected agents (the site's compare page)."""
        super().__init__(model, **params)
        self._frame: pd.DataFrame | None = None
        self._updating = False
        self.widget = RankTable(
            page_size=self.page_size,
            on_download=self._download,
            on_clear=model.clear_filters,
            on_compare=on_compare,
            max_compare=MAX_COMPARE,
            sizing_mode="stretch_width",
        )
        self.widget.param.watch(self._show_page, ["sort", "page"])
        self.widget.param.watch(self._picked, ["selected"])
        # The column choice is the model's, so it is the same in every table and kept in the URL.
        self.widget.hidden = list(model.hidden_columns)
        self.widget.param.watch(self._hid, ["hidden"])
        self.watch(self._show_hidden, ["hidden_columns"])
        self.watch(self._refresh, FRAME_PARAMS)
        self.watch(self._show_page, ["budget", "show_ci"])
        self.watch(self._sync_selection, ["selected"])
        self._refresh()

    def _refresh(self, *_: object) -> None:
        if not self.view_available():
            return  # new data without this view: the site is about to leave the page
        view = self.model.resolve(self.view)
        self._frame = self.model.table(view)
        columns, groups = table_columns(view, what_if=bool(self.model.prices))
        if columns != self.widget.columns:
            self.widget.param.update(columns=columns, groups=groups, sort=[])
        self._show_page(first=True)

    def _show_page(self, *_: object, first: bool = False) -> None:
        """Send the rows of the widget's page (the first after new rows), in its order."""
        if self._frame is None or self._updating:
            return
        frame, widget = self._frame, self.widget
        ordered = sort_rows(frame, widget.columns, widget.sort)
        pages = max(1, -(-len(frame) // widget.page_size))
        page = 1 if first else min(widget.page, pages)
        rows = ordered.iloc[(page - 1) * widget.page_size : page * widget.page_size]
        self._updating = True
        try:
            widget.param.update(
                rows=table_rows(frame, rows, self.model.resolve(self.view), self.model.budget, self.model.show_ci),
                page=page,
                pages=pages,
                total=len(frame),
                selected=list(self.model.selected),
                clearable=not self.model.filters.is_empty(),
            )
        finally:
            self._updating = False

    def _hid(self, event: param.parameterized.Event) -> None:
        groups = [g for g in event.new if g in COLUMN_GROUPS]  # from the browser: known groups only
        if groups != self.model.hidden_columns:
            self.model.hidden_columns = groups

    def _show_hidden(self, *_: object) -> None:
        if self.widget.hidden != self.model.hidden_columns:
            self.widget.hidden = list(self.model.hidden_columns)

    def _sync_selection(self, *_: object) -> None:
        if self.widget.selected != self.model.selected:
            self.widget.selected = list(self.model.selected)

    def _picked(self, event: param.parameterized.Event) -> None:
        """Ticks in the table: the selection is of agents, kept across views and pages. Ids from
        the browser count only if they are already selected or are rows of this table."""
        if self._updating or self._frame is None:
            return
        known = set(self._frame["id"]) | set(self.model.selected)
        ids = list(dict.fromkeys(i for i in event.new if isinstance(i, str) and i in known))[:MAX_LIST_ITEMS]
        if ids != self.model.selected:
            self.model.selected = ids

    def _download(self, fmt: str) -> tuple[str, str, str]:
        """The current view as filtered, at full precision."""
        if fmt == "json":
            return (
                f"{self.view}.json",
                "application/json",
                json.dumps(to_records(self._frame), indent=2, ensure_ascii=False, allow_nan=False),
            )
        buffer = io.StringIO()
        to_csv_frame(self._frame).to_csv(buffer, index=False, float_format="%.17g")
        return f"{self.view}.csv", "text/csv", buffer.getvalue()

    def __panel__(self) -> pn.viewable.Viewable:
        return self.widget
