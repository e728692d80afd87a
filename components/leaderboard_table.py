"""The ranked table of one view, kept in step with the model's filters and selection."""

from __future__ import annotations

import html
import io
import json

import panel as pn
import panel_material_ui as pmui
import param

from abl.model import FRAME_PARAMS, Leaderboard
from abl.summary import to_csv_frame, to_records

from .base import ModelView
from .table_format import HIDDEN_ALWAYS, display_frame

OPTIONAL_COLUMNS = {"submitter": "Submitter", "models": "Models", "components": "Categories / benchmarks",
                    "attempted": "Attempted", "date": "Date", "logs": "Logs"}


class LeaderboardTable(ModelView):
    """Tabulator view of `model.table(view)`; checkbox selection mirrors `model.selected`."""

    view = param.String(default="overall")
    page_size = param.Integer(default=25)

    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self._frame = None
        self._syncing = False
        self.tabulator = pn.widgets.Tabulator(
            show_index=False, disabled=True, selectable="checkbox", pagination="remote",
            page_size=self.page_size, frozen_columns=["frontier", "icon", "agent"], sizing_mode="stretch_width",
            layout="fit_data_table", header_align="left", text_align="left", row_content=self._row_detail,
            embed_content=False, configuration={"columnDefaults": {"headerWordWrap": True}},
            stylesheets=[_TABLE_CSS],
        )
        self.columns = pmui.MultiChoice(
            label="Columns", options={v: k for k, v in OPTIONAL_COLUMNS.items()}, value=list(OPTIONAL_COLUMNS),
            sizing_mode="stretch_width", max_width=520,
        )
        self.download_csv = pmui.FileDownload(callback=self._csv, filename=f"{self.view}.csv", label="CSV",
                                              variant="outlined", icon="download", width=110)
        self.download_json = pmui.FileDownload(callback=self._json, filename=f"{self.view}.json", label="JSON",
                                               variant="outlined", icon="download", width=110)
        self.tabulator.param.watch(self._on_table_selection, "selection")
        self.columns.param.watch(self._apply_hidden, "value")
        self.watch(self._refresh, FRAME_PARAMS)
        self.watch(self._sync_selection, ["selected"])
        self._refresh()

    def _refresh(self, *_: object) -> None:
        if not self.view_available():
            return  # new data without this view: the site is about to leave the page
        self._frame = self.model.table(self.view)
        data, titles, formatters = display_frame(self._frame, self.model.resolve(self.view))
        self._syncing = True
        try:
            if titles != self.tabulator.titles:  # column definitions are costly to rebuild
                self.tabulator.param.update(value=data, titles=titles, formatters=formatters)
                self._apply_hidden()
            else:
                self.tabulator.value = data
            self._sync_selection()
        finally:
            self._syncing = False

    def _apply_hidden(self, *_: object) -> None:
        data = self.tabulator.value
        shown = set(self.columns.value)
        hidden = list(HIDDEN_ALWAYS)
        if self.model.resolve(self.view).kind == "benchmark":
            hidden.append("attempted")  # always 1/1 in a benchmark's own table
        for column in ("submitter", "models", "attempted", "date", "logs"):
            if column not in shown:
                hidden.append(column)
        component_columns = [c for c in data.columns if c.startswith("c") and c[1:2].isdigit()]
        hidden += [c for c in component_columns if c.endswith("_partial")]
        if "components" not in shown:
            hidden += component_columns
        self.tabulator.hidden_columns = hidden

    def _sync_selection(self, *_: object) -> None:
        wanted = set(self.model.selected)
        rows = [i for i, row_id in enumerate(self.tabulator.value["id"]) if row_id in wanted]
        if sorted(self.tabulator.selection) != rows:
            syncing, self._syncing = self._syncing, True
            try:
                self.tabulator.selection = rows
            finally:
                self._syncing = syncing

    def _on_table_selection(self, event: param.parameterized.Event) -> None:
        if self._syncing:
            return
        ids = self.tabulator.value["id"]
        picked = [ids.iloc[i] for i in event.new if i < len(ids)]
        # Rows of other views stay selected: the selection is of agents, not of this table.
        others = [i for i in self.model.selected if i not in set(ids)]
        self.model.selected = others + picked

    def _row_detail(self, row) -> pn.viewable.Viewable:
        """Expanded row: the frontier sentence, the description and links, all as escaped text."""
        match = self._frame[self._frame["id"] == row["id"]]
        if match.empty:
            return pn.pane.HTML("")
        record = match.iloc[0]
        parts = [f"<p><b>{html.escape(record['label'])}</b>: {html.escape(row['frontier_note'])}</p>"]
        if isinstance(record["description"], str) and record["description"]:
            parts.append(f"<p>{html.escape(record['description'])}</p>")
        links = [(label, record[key]) for label, key in (("Agent page", "agent_url"), ("Source", "source_url"),
                                                          ("Logs", "logs_url")) if isinstance(record[key], str)]
        if links:
            parts.append(" · ".join(f"<a href='{html.escape(url, quote=True)}' target='_blank' "
                                    f"rel='noopener noreferrer'>{label}</a>" for label, url in links))
        return pn.pane.HTML("".join(parts), sizing_mode="stretch_width", margin=(4, 24))

    def _csv(self) -> io.StringIO:
        buffer = io.StringIO()
        to_csv_frame(self._frame).to_csv(buffer, index=False, float_format="%.17g")
        buffer.seek(0)
        return buffer

    def _json(self) -> io.StringIO:
        return io.StringIO(json.dumps(to_records(self._frame), indent=2, ensure_ascii=False, allow_nan=False))

    def __panel__(self) -> pn.viewable.Viewable:
        tools = pn.Row(self.columns, pn.Spacer(), self.download_csv, self.download_json,
                       sizing_mode="stretch_width", align="end")
        return pn.Column(tools, self.tabulator, sizing_mode="stretch_width")


_TABLE_CSS = """
.abl-frontier { color: #D55E00; font-size: 1.1em; }
.abl-offfrontier { color: #999; }
.abl-icon { font-size: 1.05em; }
.abl-ci { color: #777; font-size: 0.85em; }
.abl-missing { color: #888; font-style: italic; }
.abl-link { text-decoration: none; }
"""
