"""The site shell: navigation, header, theme, page routing, URL state and live data updates.

One `Site` per browser session; the data (`LiveResults`) is shared by all sessions of the
process and refreshed in the background (see `dashboards.live_data`).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import panel as pn
import panel_material_ui as pmui
import param

from abl.live import LiveResults
from abl.model import Leaderboard
from abl.names import CATEGORIES
from components.base import two_way
from components.filters import FilterPanel
from components.status import DataStatus

from .about import about_page
from .category import category_page
from .compare import compare_page
from .overall import overall_page
from .page import PageContent, site_page
from .submit_link import submit_page

PAGES: dict[str, tuple[str, str]] = {
    "overall": ("Overall", "leaderboard"),
    **{tag: (title, icon) for (tag, title), icon in zip(CATEGORIES.items(), ("menu_book", "code", "analytics", "science"))},
    "compare": ("Compare agents", "compare_arrows"),
    "about": ("About", "info"),
    "submit": ("Submit an agent", "upload"),
}
LEADERBOARD_PAGES = ("overall", *CATEGORIES)
DATA_CHECK_MS = 5000


class SiteState(param.Parameterized):
    page = param.Selector(default="overall", objects=list(PAGES))
    bench = param.String(default="", doc="the benchmark section last jumped to, on a category page")


def request_query() -> dict[str, str]:
    """The query string of the page request (first value of each key), or {} outside a server."""
    if pn.state.location is not None and pn.state.location.search:
        parsed = parse_qs(pn.state.location.search.lstrip("?"), keep_blank_values=True)
        return {k: v[0] for k, v in parsed.items() if v}
    args = pn.state.session_args or {}
    return {k: (v[0].decode("utf-8", "replace") if isinstance(v[0], bytes) else str(v[0]))
            for k, v in args.items() if v}


class Site:
    def __init__(self, live: LiveResults, query: dict[str, str] | None = None):
        self.live = live
        self.state = SiteState()
        self.model = Leaderboard(live.results, loader=live.data)
        self._seen = (live.version, live.error, live.last_checked)
        self._content: PageContent | None = None
        self._apply_query(query if query is not None else request_query())

        self.filters = FilterPanel(self.model)
        self.status = DataStatus(live, self.model)
        self.split = pmui.RadioButtonGroup(options={"Test": "test", "Validation": "validation"},
                                           size="small", color="light")
        two_way(self.split, self.model, "split")
        self.nav = pmui.MenuList(
            items=[{"label": label, "icon": icon} for label, icon in PAGES.values()],
            active=list(PAGES).index(self.state.page), sizing_mode="stretch_width", dense=True,
        )
        self.nav.on_click(self._on_nav)
        self.main = pn.Column(sizing_mode="stretch_width")
        self.filter_box = pn.Column(pmui.Typography("Filters and display", variant="overline"), self.filters,
                                    sizing_mode="stretch_width")
        self.state.param.watch(self._show_page, "page")
        self.model.param.watch(self._leave_missing_category, "view")
        self._show_page()
        self._watch_url()
        if pn.state.curdoc is not None and pn.state.curdoc.session_context is not None:
            pn.state.add_periodic_callback(self._check_data, period=DATA_CHECK_MS)

    # --- pages ---------------------------------------------------------------------------

    def _on_nav(self, item: dict) -> None:
        pages = {label: key for key, (label, _) in PAGES.items()}
        if isinstance(item, dict) and item.get("label") in pages:
            self.state.param.update(page=pages[item["label"]], bench="")

    def _build(self, page: str) -> PageContent:
        if page == "overall":
            return overall_page(self.model)
        if page in CATEGORIES:
            return category_page(self.model, page, on_jump=self._jumped, permalink=self._permalink)
        if page == "compare":
            return compare_page(self.model)
        if page == "about":
            return about_page(self.live)
        return submit_page()

    def _show_page(self, *_: object) -> None:
        page = self.state.page
        if self._content is not None:
            self._content.dispose()
        if page in LEADERBOARD_PAGES and self.model.view != page:
            self.model.view = page
        self._content = self._build(page)
        self.main.objects = [self._content.layout]
        self.filter_box.visible = page in (*LEADERBOARD_PAGES, "compare")
        index = list(PAGES).index(page)
        if self.nav.active != index:
            self.nav.active = index
        if self.state.bench in self._content.anchors:
            self._content.anchors[self.state.bench].scroll()

    def _leave_missing_category(self, event: param.parameterized.Event) -> None:
        """The model falls back to the overall view when a split lacks the page's category."""
        if event.new == "overall" and self.state.page in CATEGORIES:
            self.state.param.update(page="overall", bench="")

    def _jumped(self, benchmark: str) -> None:
        self.state.bench = benchmark

    def _permalink(self, benchmark: str) -> str:
        query = {**self.query(), "bench": benchmark}
        return "?" + urlencode(query)

    # --- URL state -----------------------------------------------------------------------

    def query(self) -> dict[str, str]:
        q = {k: v for k, v in self.model.to_query().items() if k != "view"}  # the page says the view
        if self.state.page != "overall":
            q = {"page": self.state.page, **q}
        if self.state.bench and self.state.page in CATEGORIES:
            q["bench"] = self.state.bench
        return q

    def _apply_query(self, query: dict[str, str]) -> None:
        page = query.get("page", "overall")
        self.state.page = page if page in PAGES else "overall"
        if self.state.page in LEADERBOARD_PAGES:
            query = {**query, "view": self.state.page}
        self.model.apply_query({k: v for k, v in query.items() if k not in ("page", "bench")})
        if self.state.page in CATEGORIES and self.state.page not in self.model.data.stats.tags:
            self.state.page = "overall"  # a category this split does not have
        bench = query.get("bench", "")
        if self.state.page in CATEGORIES and bench in self.model.data.stats.tasks_in(self.state.page):
            self.state.bench = bench

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
        self.state.param.watch(push, ["page", "bench"])
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

    # --- shell ---------------------------------------------------------------------------

    def page(self) -> pmui.Page:
        return site_page(
            title="AstaBench Leaderboard",
            header=[pn.Row(pmui.Typography("Split", variant="overline", margin=(12, 8, 0, 16)), self.split,
                           align="center")],
            sidebar=[self.nav, pmui.Divider(), self.filter_box],
            main=[pn.Row(pn.Spacer(), self.status.indicator, sizing_mode="stretch_width"), self.status, self.main],
            sidebar_width=330,
        )
