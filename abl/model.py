"""`Leaderboard`: the Param model of what a reader is looking at, for notebooks and the site.

    >>> import abl, holoviews as hv
    >>> hv.extension("bokeh")
    >>> board = abl.Leaderboard(split="test", view="lit", openness=["Open source & open weights"])
    >>> board.frame          # the filtered, ranked table (a pandas DataFrame)
    >>> board.plot()         # the same HoloViews plot the site shows
    >>> board.save_plot("lit.html")

Parameters hold the state; `data` and `frame` are outputs, kept current by watchers. The site
syncs the state to the URL with `to_query` / `apply_query`, which ignore anything invalid.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import param

from .explore import Filters, apply_filters, best_within_budget, model_names, submitter_names
from .history import BUDGETS, best_over_time
from .loading import SplitData
from .names import OPENNESS, TOOLING, UNKNOWN
from .pricing import changes_text, normalise_changes, parse_changes
from .results import SPLITS, Results
from .stats import Mode
from .summary import View, available_views, resolve_view, view_table

OPENNESS_CODES = dict(zip((*OPENNESS, UNKNOWN), ("osow", "oscw", "api", "ui", "unknown")))
TOOLING_CODES = dict(zip((*TOOLING, UNKNOWN), ("standard", "custom", "fully-custom", "unknown")))
MAX_COMPARE = 4
MAX_LIST_ITEMS = 50
MAX_TEXT = 200

# The parameters that change which rows a view table holds.
FRAME_PARAMS = (
    "data",
    "view",
    "mode",
    "search",
    "openness",
    "tooling",
    "models",
    "submitters",
    "date_from",
    "date_to",
    "as_of",
    "prices",
)


# The tables' optional column groups, which a reader may hide (the choice is kept in the URL).
COLUMN_GROUPS = ("submitter", "models", "components", "attempted", "date", "logs")


class Leaderboard(param.Parameterized):
    split = param.Selector(default="test", objects=list(SPLITS), doc="test or validation")
    view = param.String(default="overall", doc="'overall', a category tag or a benchmark name")
    mode = param.Selector(
        default=Mode.LEADERBOARD.value,
        objects=[m.value for m in Mode],
        doc="leaderboard: skipped benchmarks count 0; paper: incomplete agents get no aggregate",
    )
    search = param.String(default="", doc="text to find in agent, submitter, models or description")
    openness = param.ListSelector(default=[], objects=[*OPENNESS, UNKNOWN], doc="keep only these (empty: all)")
    tooling = param.ListSelector(default=[], objects=[*TOOLING, UNKNOWN], doc="keep only these (empty: all)")
    models = param.List(default=[], item_type=str, doc="keep agents using any of these models")
    submitters = param.List(default=[], item_type=str, doc="keep agents from these submitters")
    date_from = param.CalendarDate(default=None, allow_None=True, doc="submitted on or after")
    date_to = param.CalendarDate(default=None, allow_None=True, doc="submitted on or before")
    as_of = param.CalendarDate(
        default=None, allow_None=True, doc="the leaderboard as it stood on this date: rows submitted by then"
    )
    prices = param.Parameter(
        default=(), doc="model price changes ((model, abl.pricing.PriceChange), ...); set with `reprice`"
    )
    log_x = param.Boolean(default=True, doc="log-scale cost axis")
    show_ci = param.Boolean(default=True, doc="95% confidence intervals: error bars in plots, ± in tables")
    selected = param.List(default=[], item_type=str, doc="row ids highlighted in plots and tables")
    budget = param.Number(default=None, allow_None=True, bounds=(0, None), doc="max cost per problem (USD)")
    compare = param.List(default=[], item_type=str, doc=f"row ids to compare side by side (2-{MAX_COMPARE})")
    hidden_columns = param.ListSelector(
        default=[], objects=list(COLUMN_GROUPS), doc="column groups the reader hid in the tables"
    )

    data = param.ClassSelector(class_=SplitData, allow_None=True, doc="output: the loaded split")
    load_error = param.String(default=None, allow_None=True, doc="output: why the last split switch failed")
    frame = param.DataFrame(default=None, allow_None=True, doc="output: the filtered table of `view`")

    def __init__(
        self,
        results: Results | str | None = None,
        *,
        internal: bool | None = None,
        loader: Callable[[str], SplitData] | None = None,
        **params: Any,
    ):
        """`loader(split)` supplies split data; the site passes its process-wide live results."""
        self.results = results if isinstance(results, Results) else Results(results)
        self.internal = self.results.internal if internal is None else internal
        self._loader = loader or self.results.split
        super().__init__(**params)
        self._load()  # setting `data` runs _refilter, which fills `frame`

    @param.depends("split", watch=True)
    def _load(self) -> None:
        try:
            data = self._loader(self.split)
        except Exception as exc:
            if self.data is None:
                raise  # nothing to fall back on
            # Keep showing the split that is loaded, and say why the other one is not.
            wanted = self.split
            with param.discard_events(self):
                self.split = self.data.split
            self.load_error = f"The {wanted} split could not be loaded: {exc}"
            return
        self.param.update(data=data, load_error=None)

    def reload(self) -> None:
        """Re-read the current split (after a refresh); keeps every other setting."""
        self._load()

    @param.depends(*FRAME_PARAMS, watch=True)
    def _refilter(self) -> None:
        if self.data is None:
            return
        views = {v.key for v in self.views()}
        if self.view not in views:
            self.view = "overall"  # e.g. a benchmark the other split lacks; triggers this again
            return
        models = set(model_names(self.data))
        if any(model not in models for model, _ in self.prices):  # e.g. after a split switch
            self.prices = tuple((m, c) for m, c in self.prices if m in models)  # triggers this again
            return
        known = {row.id for row in self.data.rows}
        if any(i not in known for i in self.selected + self.compare):  # rows gone after a refresh
            self.param.update(
                selected=[i for i in self.selected if i in known], compare=[i for i in self.compare if i in known]
            )
        self.frame = self.table(self.view)

    @property
    def filters(self) -> Filters:
        return Filters(
            search=self.search,
            openness=tuple(self.openness),
            tooling=tuple(self.tooling),
            models=tuple(self.models),
            submitters=tuple(self.submitters),
            date_from=self.date_from,
            date_to=min((d for d in (self.date_to, self.as_of) if d), default=None),
        )

    def clear_filters(self) -> None:
        """Back to every agent: no search, no openness, tooling, model, submitter or date filter,
        and no as-of date (it hides the later agents as a date filter does)."""
        self.param.update(
            search="", openness=[], tooling=[], models=[], submitters=[], date_from=None, date_to=None, as_of=None
        )

    # --- what-if prices and the past ---------------------------------------------------------

    @property
    def priced_data(self) -> SplitData:
        """The split at the reader's prices: `data` itself while no price is changed."""
        return self.data.repriced(self.prices)

    def reprice(self, changes: Mapping[str, Any] | None = None) -> None:
        """Recost every agent at changed model prices; `reprice()` goes back to the published ones.

            >>> board.reprice({"gpt-5": 0.5})                 # gpt-5 at half its price
            >>> board.reprice({"gpt-4.1": "1/4"})             # $1 in, $4 out per million tokens
            >>> board.frontier_change()                       # who joins and who leaves the frontier

        Keys are model names as the table shows them. Costs are recomputed from each row's token
        usage (see `abl.pricing`); a row that cannot be recomputed keeps its cost and says why in
        its `cost_note`. Raises ValueError for a model no agent used or a price out of range."""
        self.prices = normalise_changes(changes or {}, model_names(self.data))

    def published_table(self, view: str | View | None = None) -> pd.DataFrame:
        """The filtered table at the published prices, whatever `prices` says."""
        return self._table(self.data, view, self.filters)

    def frontier_change(self, view: str | View | None = None) -> dict[str, list[str]]:
        """Labels of the agents that join and leave the frontier at the reader's prices."""
        before, after = self.published_table(view), self.table(view)
        was = set(before.loc[before["frontier"].astype(bool), "id"])
        now = set(after.loc[after["frontier"].astype(bool), "id"])
        label = dict(zip(after["id"], after["label"]))
        return {
            "joined": [label[i] for i in after["id"] if i in now - was],
            "left": [label[i] for i in after["id"] if i in was - now],
        }

    def best_over_time(self, view: str | View | None = None, budgets: tuple[float, ...] = BUDGETS) -> pd.DataFrame:
        """The best score within each budget on every date it rose (`abl.history`), under the
        filters but over the whole history: `as_of` only marks a date on it."""
        filters = dataclasses.replace(self.filters, date_to=self.date_to)
        table = self._table(self.priced_data, view, filters)
        return self.priced_data.recent(
            ("history", table.attrs["view"], self.mode, filters, budgets), lambda: best_over_time(table, budgets)
        )

    def views(self) -> list[View]:
        return available_views(self.data.stats)

    def resolve(self, view: str | None = None) -> View:
        return resolve_view(self.data.stats, view or self.view)

    def table(self, view: str | View | None = None) -> pd.DataFrame:
        """The filtered, ranked table of a view (default: the current one); treat as read-only.

        Tables are cached on the split's data, so every session showing the same revision, view,
        mode and filters shares one.
        """
        return self._table(self.priced_data, view, self.filters)

    def _table(self, data: SplitData, view: str | View | None, filters: Filters) -> pd.DataFrame:
        target = self.resolve(view) if view is None or isinstance(view, str) else view
        full = view_table(data, target, self.mode, internal=self.internal)
        if filters.is_empty():
            return full
        return data.recent(
            ("filtered", target, self.mode, filters, self.internal), lambda: apply_filters(full, filters)
        )

    def plot(self, view: str | View | None = None, **opts: Any):
        """The site's HoloViews Pareto plot of a view; renders inline after hv.extension('bokeh')."""
        from .plots import pareto_plot  # HoloViews loads only when a plot is asked for

        target = self.resolve(view) if isinstance(view, str) or view is None else view
        kwargs = dict(
            title=target.title,
            log_x=self.log_x,
            show_ci=self.show_ci and target.kind == "benchmark",
            selected=self.selected,
            budget=self.budget,
            published=self.published_table(target) if self.prices else None,
        )
        kwargs.update(opts)
        return pareto_plot(self.table(target), **kwargs)

    def save_plot(self, path: str | Path, view: str | View | None = None, **opts: Any) -> Path:
        """Write the plot to a self-contained HTML file."""
        import holoviews as hv

        hv.extension("bokeh", logo=False)
        hv.save(self.plot(view, **opts), str(path), resources="inline")
        return Path(path)

    def best_within_budget(self, view: str | None = None) -> pd.Series | None:
        return best_within_budget(self.table(view), self.budget)

    # --- URL state -----------------------------------------------------------------------

    def to_query(self) -> dict[str, str]:
        """Non-default state as URL query parameters."""
        q: dict[str, str] = {}
        if self.split != "test":
            q["split"] = self.split
        if self.view != "overall":
            q["view"] = self.view
        if self.mode != Mode.LEADERBOARD.value:
            q["mode"] = self.mode
        if self.search:
            q["q"] = self.search
        if self.openness:
            q["openness"] = ",".join(OPENNESS_CODES[o] for o in self.openness)
        if self.tooling:
            q["tooling"] = ",".join(TOOLING_CODES[t] for t in self.tooling)
        for key, values in (
            ("models", self.models),
            ("submitters", self.submitters),
            ("selected", self.selected),
            ("compare", self.compare),
        ):
            if values:
                q[key] = ",".join(values)
        if self.date_from:
            q["from"] = self.date_from.isoformat()
        if self.date_to:
            q["to"] = self.date_to.isoformat()
        if self.as_of:
            q["asof"] = self.as_of.isoformat()
        if self.prices:
            q["prices"] = changes_text(self.prices)
        if not self.log_x:
            q["log"] = "0"
        if not self.show_ci:
            q["ci"] = "0"
        if self.budget is not None:
            q["budget"] = f"{self.budget:g}"
        if self.hidden_columns:
            q["hide"] = ",".join(self.hidden_columns)
        return q

    def apply_query(self, query: Mapping[str, Any]) -> list[str]:
        """Set the state from URL query parameters; invalid values fall back to defaults, and
        names and row ids the split's data does not have are dropped.

        Returns the names of the parameters that were ignored, wholly or in part.
        """
        ignored: list[str] = []
        text = {k: _first(v) for k, v in query.items()}

        def parsed(key: str, parse: Callable[[str], Any], default: Any) -> dict[str, Any]:
            """{parameter: value} for a key the query has: the parsed value, or `default`."""
            if key not in text:
                return {}
            try:
                value = parse(text[key])
            except (ValueError, TypeError, KeyError):
                ignored.append(key)
                value = default
            return {_PARAM_FOR.get(key, key): value}

        def listed(key: str, allowed: Collection[str], limit: int = MAX_LIST_ITEMS) -> dict[str, Any]:
            """Like `parsed`, for a comma-separated list: the items `allowed` has, at most `limit`."""

            def known(value: str) -> list[str]:
                items = _names(value)
                kept = [i for i in dict.fromkeys(items) if i in allowed]
                if len(kept) != len(items) or len(kept) > limit:
                    ignored.append(key)
                return kept[:limit]

            return parsed(key, known, [])

        # The split first: views, names and row ids are checked against its data.
        self.param.update(parsed("split", lambda v: _choice(v, SPLITS), "test"))
        data = self.data
        row_ids = {row.id for row in data.rows}
        self.param.update(
            **parsed("view", lambda v: resolve_view(data.stats, v[:MAX_TEXT]).key, "overall"),
            **parsed("mode", lambda v: _choice(v, [m.value for m in Mode]), Mode.LEADERBOARD.value),
            **parsed("q", lambda v: v[:MAX_TEXT], ""),
            **parsed("openness", lambda v: _codes(v, OPENNESS_CODES), []),
            **parsed("tooling", lambda v: _codes(v, TOOLING_CODES), []),
            **listed("models", model_names(data)),
            **listed("submitters", submitter_names(data)),
            **parsed("from", dt.date.fromisoformat, None),
            **parsed("to", dt.date.fromisoformat, None),
            **parsed("asof", dt.date.fromisoformat, None),
            **parsed("prices", lambda v: parse_changes(v[: MAX_TEXT * 4], model_names(data)), ()),
            **parsed("log", _flag, True),
            **parsed("ci", _flag, True),
            **parsed("budget", parse_budget, None),
            **listed("selected", row_ids),
            **listed("compare", row_ids, MAX_COMPARE),
            **listed("hide", COLUMN_GROUPS),
        )
        return ignored


_PARAM_FOR = {
    "q": "search",
    "from": "date_from",
    "to": "date_to",
    "log": "log_x",
    "ci": "show_ci",
    "hide": "hidden_columns",
    "asof": "as_of",
}


def _first(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value)


def _choice(value: str, choices) -> str:
    if value not in choices:
        raise ValueError(value)
    return value


def _codes(value: str, codes: dict[str, str]) -> list[str]:
    by_code = {c: name for name, c in codes.items()}
    return [by_code[c] for c in value.split(",") if c]  # KeyError for an unknown code


def _names(value: str) -> list[str]:
    """The items of a comma-separated list. A list longer than any the site writes
    (MAX_LIST_ITEMS) is refused whole rather than cut: which part was meant would be a guess."""
    items = [v.strip()[:MAX_TEXT] for v in value.split(",") if v.strip()]
    if len(items) > MAX_LIST_ITEMS:
        raise ValueError("too many items")
    return items


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)


def parse_budget(value: str) -> float:
    """Dollars per problem from a link or a text box ("0.5", "$0.5"); ValueError unless a finite number >= 0."""
    number = float(value.strip().lstrip("$"))
    if not math.isfinite(number) or number < 0:
        raise ValueError(value)
    return number
