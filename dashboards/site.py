"""The site: navigation, header, page routing, URL state and live data updates.

One `Site` per browser session; the data (`LiveResults`) and every table and plot derived from
it are shared by all sessions of the process (see `dashboards.live_data` and `SplitData.recent`).
Everything a session creates is released when its tab closes.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import panel as pn
import param

from abl.heatmap import benchmark_columns
from abl.live import LiveResults
from abl.model import MAX_COMPARE, Leaderboard
from abl.names import CATEGORIES
from abl.results import SPLITS
from abl.sources import SourceError
from components.base import Notice, two_way
from components.filters import FilterPanel
from components.history_chart import HistoryChart
from components.shell import THEME_COOKIE, SiteShell
from components.status import DataStatus

from .about import about_page
from .category import category_page
from .compare import compare_page
from .heatmap import DEFAULT_SORT, Heatmap, heatmap_page, parse_sort
from .live_data import shared_live
from .overall import overall_page
from .page import PageContent
from .submit_link import submit_info_page

PAGES: dict[str, str] = {
    "overall": "Overall",
    **CATEGORIES,
    "heatmap": "Agents × benchmarks",
    "compare": "Compare agents",
    "about": "About",
    "submit": "Submit an agent",
}
LEADERBOARD_PAGES = ("overall", *CATEGORIES)
DATA_CHECK_MS = 5000


class SiteState(param.Parameterized):
    page = param.Selector(default="overall", objects=list(PAGES))
    bench = param.String(default="", doc="the benchmark section last jumped to, on a category page")
    sort = param.Tuple(default=DEFAULT_SORT, length=2, doc="the heatmap's sort: (column, 'asc' | 'desc')")
    history = param.Boolean(default=False, doc="the best-score-over-time chart is unfolded")


def request_query() -> dict[str, str]:
    """The query string of the page request (first value of each key), or {} outside a server."""
    if pn.state.location is not None and pn.state.location.search:
        parsed = parse_qs(pn.state.location.search.lstrip("?"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items() if v}
    args = pn.state.session_args or {}
    return {
        k: (v[0].decode("utf-8", "replace") if isinstance(v[0], bytes) else str(v[0])) for k, v in args.items() if v
    }


def dark_theme_requested() -> bool:
    return (pn.state.cookies or {}).get(THEME_COOKIE) == "dark"


def shell(main: pn.viewable.Viewable, dark: bool, **params) -> SiteShell:
    """The site's frame around `main`, with the navigation."""
    pages = [
        {"key": key, "label": label, "href": "./" if key == "overall" else f"./?page={key}"}
        for key, label in PAGES.items()
    ]
    return SiteShell(pages=pages, main=main, dark=dark, **params)


class Site:
    def __init__(self, live: LiveResults, query: dict[str, str] | None = None, dark: bool = False):
        self.live = live
        self.state = SiteState()
        self.model = Leaderboard(live.results, loader=live.data)
        self._seen = (live.version, live.error, live.last_checked)
        self._content: PageContent | None = None
        ignored = self._apply_query(query if query is not None else request_query())

        self.filters = FilterPanel(self.model)
        self.status = DataStatus(live, self.model)
        # Said once, on arrival (the address bar is cleaned at the same time); made only when needed,
        # as every object costs each new session time.
        self._above_page: list[pn.viewable.Viewable] = [self.status]
        if ignored:
            self._above_page.append(
                Notice(
                    kind="warning",
                    title="Part of this link could not be used",
                    text=f"Ignored: {', '.join(ignored)}. Their values are not valid here: a name, "
                    "benchmark or agent this split does not have, a date that is not YYYY-MM-DD, a price "
                    "out of range, or a list longer than the site makes.",
                )
            )
        self.main = pn.Column(*self._above_page, sizing_mode="stretch_width")
        self.shell = shell(
            self.main,
            dark,
            page=self.state.page,
            sidebar=[self.filters],
            sidebar_pages=[*LEADERBOARD_PAGES, "heatmap"],
            splits=[[s, s.capitalize()] for s in SPLITS],
        )
        two_way(
            self.shell,
            self.model,
            "split",
            to_model=lambda v: v if v in SPLITS else self.model.split,
            widget_param="split",
        )
        self.shell.param.watch(self._on_nav, "page")
        self.state.param.watch(self._show_page, "page")
        self.model.param.watch(self._leave_missing_category, "view")
        self._show_page()
        self._watch_url()
        doc = pn.state.curdoc
        if doc is not None and doc.session_context is not None:
            pn.state.add_periodic_callback(self._check_data, period=DATA_CHECK_MS)
            pn.state.on_session_destroyed(lambda _context: self.dispose())

    # --- pages ---------------------------------------------------------------------------

    def _on_nav(self, event: param.parameterized.Event) -> None:
        """The reader picked a page in the navigation."""
        del self._above_page[1:]  # the link notice is said once
        if event.new in PAGES and event.new != self.state.page:
            self.state.param.update(page=event.new, bench="")
        elif event.new not in PAGES:
            self.shell.page = self.state.page

    def _build(self, page: str) -> PageContent:
        if page == "overall":
            return overall_page(self.model, on_compare=self._compare_selected)
        if page in CATEGORIES:
            return category_page(
                self.model, page, on_jump=self._jumped, open_section=self.state.bench, on_compare=self._compare_selected
            )
        if page == "heatmap":
            heatmap = Heatmap(self.model, sort=self.state.sort)
            heatmap.param.watch(lambda event: setattr(self.state, "sort", event.new), "sort")
            return heatmap_page(self.model, heatmap)
        if page == "compare":
            return compare_page(self.model)
        if page == "about":
            return about_page(self.live)
        return submit_info_page()

    def _show_page(self, *_: object) -> None:
        page = self.state.page
        if self._content is not None:
            self._content.dispose()
        if page in LEADERBOARD_PAGES and self.model.view != page:
            self.model.view = page
        self._content = self._build(page)
        self._link_history(self._content)
        self.main.objects = [*self._above_page, self._content.layout]
        self.shell.param.update(page=page, rendered=page)

    def _link_history(self, content: PageContent) -> None:
        """The page's history chart opens as the link says, and the link follows it."""
        for view in content.views:
            if isinstance(view, HistoryChart):
                view.opened = self.state.history
                view.param.watch(lambda event: setattr(self.state, "history", event.new), "opened")

    def _leave_missing_category(self, event: param.parameterized.Event) -> None:
        """The model falls back to the overall view when a split lacks the page's category."""
        if event.new == "overall" and self.state.page in CATEGORIES:
            self.state.param.update(page="overall", bench="")

    def _jumped(self, benchmark: str) -> None:
        self.state.bench = benchmark

    def _compare_selected(self) -> None:
        self.model.compare = self.model.selected[:MAX_COMPARE]
        self.state.param.update(page="compare", bench="")

    # --- URL state -----------------------------------------------------------------------

    def query(self) -> dict[str, str]:
        q = {k: v for k, v in self.model.to_query().items() if k != "view"}  # the page says the view
        if self.state.page != "overall":
            q = {"page": self.state.page, **q}
        if self.state.bench and self.state.page in CATEGORIES:
            q["bench"] = self.state.bench
        if self.state.page == "heatmap" and self.state.sort != DEFAULT_SORT:
            q["sort"] = ":".join(self.state.sort)
        if self.state.history and self.state.page in LEADERBOARD_PAGES:
            q["history"] = "1"
        return q

    def _apply_query(self, query: dict[str, str]) -> list[str]:
        """Set the page and the model from a link; returns the parameters it ignored."""
        page = query.get("page", "overall")
        ignored = [] if page in PAGES else ["page"]
        self.state.page = page if page in PAGES else "overall"
        if self.state.page in LEADERBOARD_PAGES:
            query = {**query, "view": self.state.page}
        site_keys = ("page", "bench", "sort", "history")
        ignored += self.model.apply_query({k: v for k, v in query.items() if k not in site_keys})
        if self.state.page in CATEGORIES and self.state.page not in self.model.data.stats.tags:
            self.state.page = "overall"  # a category this split does not have
            ignored.append("page")
        bench = query.get("bench", "")
        if self.state.page in CATEGORIES and bench in self.model.data.stats.tasks_in(self.state.page):
            self.state.bench = bench
        elif bench:
            ignored.append("bench")
        if "sort" in query:
            sort = parse_sort(query["sort"]) if self.state.page == "heatmap" else None
            if sort and sort[0] in self._heatmap_columns():
                self.state.sort = sort
            else:
                ignored.append("sort")
        if "history" in query:
            if query["history"] in ("1", "0") and self.state.page in LEADERBOARD_PAGES:
                self.state.history = query["history"] == "1"
            else:
                ignored.append("history")
        return list(dict.fromkeys(ignored))

    def _heatmap_columns(self) -> set[str]:
        return {DEFAULT_SORT[0], *benchmark_columns(self.model.data)}

    def _watch_url(self) -> None:
        location = pn.state.location  # this session's; pn.state is per-session only in callbacks
        if location is None:
            return

        def push(*_: object) -> None:
            query = urlencode(self.query())
            search = f"?{query}" if query else ""
            if location.search != search:
                location.search = search

        self.model.param.watch(push, [p for p in self.model.param if p not in ("name", "data", "frame")])
        self.state.param.watch(push, ["page", "bench", "sort", "history"])
        # The browser reports its own URL when the page loads; answer with the cleaned state
        # (e.g. without invalid parameters).
        location.param.watch(push, "search")
        push()

    # --- live data -----------------------------------------------------------------------

    def _check_data(self) -> None:
        """Runs in this session: pick up what the background refresh did, keeping all state."""
        seen = (self.live.version, self.live.error, self.live.last_checked)
        if seen == self._seen:
            return
        if self.live.version != self._seen[0]:
            self.model.reload()
        self._seen = seen
        self.status.update()

    def dispose(self) -> None:
        """Let go of the page's views (the session's objects are then garbage)."""
        if self._content is not None:
            self._content.dispose()
            self._content = None
        self.status.dispose()

    def page(self) -> SiteShell:
        return self.shell


def create_page() -> pn.viewable.Viewable:
    """One session's page (the function `pn.serve` and `panel serve app.py` call per visit)."""
    dark = dark_theme_requested()
    if dark:
        pn.config.theme = "dark"
    try:
        return Site(shared_live(), dark=dark).page()
    except (SourceError, OSError) as exc:  # no data at all yet: say why instead of an error page
        return shell(
            Notice(kind="error", title="The results could not be loaded. Reload the page to try again.", text=str(exc)),
            dark,
        )
