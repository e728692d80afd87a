"""`python -m benchmarks browser`: what a reader waits for, measured in headless Chromium.

The site and the floor page (`benchmarks.floor`: one Bokeh scatter and one Tabulator of 60
rows) are served by one server (`benchmarks.serve`, the site's own start-up), and every time is
reported as seconds (median of `--repeat` runs) and as a multiple of the floor's first visit:

- first visit of the home page, until the plot and the ranked rows are drawn;
- a sidebar switch to a category page, until its first benchmark plot is drawn (and how soon the
  page shows that it is loading);
- a category page opened by URL, until the same;
- interactions on the home page and on a category page, each until the change is drawn in every
  plot and table: split switch, openness filter, typed search, paper mode, budget, a point
  click and a row tick;
- the server's CPU seconds for opening each page;
- bytes sent for a first visit (HTTP as sent, gzipped; websocket messages deflated);
- resident memory of the server over 25 sequential category-page visits, each tab closed;
- 20 readers opening each page at the same moment, as protocol clients: each asks for the page
  and pulls the session's document over the websocket as a browser does, so the server does a
  browser visit's work; the readers' own drawing happens on their machines, not on this one.

Each first visit uses a fresh browser context, so nothing is cached.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.support.server import CHROMIUM, CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1400, "height": 900}
CATEGORY, FIRST_BENCHMARK = "lit", "PaperFindingBench"
CATEGORIES_OF_SITE = ("lit", "code", "data", "discovery")
# Plots on a category page when it opens: the category's and its first benchmark's; a category of
# one benchmark shows only its own.
PLOTS_ON_OPEN = {"lit": 2, "code": 2, "data": 1, "discovery": 2}
PAGES = ["overall", "lit", "code", "data", "discovery", "compare", "about", "submit"]
SESSION_EXPIRY_S = 22  # deploy.start: closed tabs are freed within 15 s + a 3 s check

# Helpers the measurements evaluate in the page; Panel renders into shadow roots, so rows are
# found through the Bokeh views that own them.
PAGE_HELPERS = """
// The time of the reader's last click or keystroke, to time interactions from the event itself
// (not from when the test driver starts acting).
window.addEventListener("click", () => { window.__ablInput = performance.now() }, { capture: true })
window.addEventListener("input", () => { window.__ablInput = performance.now() }, { capture: true })
window.ablb = {
  views(kind) {
    if (!window.Bokeh || !Bokeh.index) { return [] }
    const match = (v) => [v.model.type, v.model.class_name].some((t) => t === kind || String(t).endsWith("." + kind))
    return Array.from(Bokeh.index.all_views()).filter(match)
  },
  idle() { return !!window.Bokeh && Bokeh.documents.length > 0 && Bokeh.documents.every((d) => d.is_idle) },
  hash(text) { let h = 0; for (let i = 0; i < text.length; i++) { h = (h * 31 + text.charCodeAt(i)) | 0 } return h },
  figures() { return this.views("Figure").filter((v) => v.el.isConnected) },
  // The site's tables, and the floor page's Tabulator.
  tables() { return [...this.views("RankTable"), ...this.views("DataTabulator")].filter((v) => v.el.isConnected) },
  rows(view) { return view.shadow_el ? Array.from(view.shadow_el.querySelectorAll("tr.abl-row, .tabulator-row")) : [] },
  renderer(fig, name) { return fig.model.renderers.find((r) => r.name === name) },
  snapshot() {
    return {
      figures: this.figures().map((v) => {
        const points = this.renderer(v, "points"), ring = this.renderer(v, "ring")
        const budget = v.model.center.find((a) => a.name === "budget")
        const t = v.model.title ? v.model.title.text : ""  // a string, or a PlainText model
        return { title: typeof t === "string" ? t : String((t && t.text) || ""),
                 ids: points ? this.hash(Array.from(points.data_source.data.id).join("|")) : 0,
                 ring: ring ? ring.data_source.data.x.length : 0, budget: !!(budget && budget.visible),
                 done: v.has_finished() }
      }),
      tables: this.tables().map((v) => {
        const rows = this.rows(v)
        return { rows: this.hash(rows.map((r) => r.textContent).join("|")), count: rows.length,
                 selected: rows.filter((r) => r.classList.contains("picked")).length }
      }),
    }
  },
  drawn(figures, title) {
    if (!this.idle() || this.figures().length < figures) { return false }
    const snap = this.snapshot()
    if (snap.figures.length < figures || !snap.figures.every((f) => f.done)) { return false }
    if (title && !snap.figures.some((f) => f.title.includes(title))) { return false }
    return snap.tables.length > 0 && snap.tables.every((t) => t.count > 0)
  },
  settled(check) {
    if (!this.idle()) { return false }
    const snap = this.snapshot()
    return snap.figures.every((f) => f.done) && check(snap)
  },
}
"""

# Conditions on the page's snapshot after an interaction, given the snapshot before it.
EVERYTHING_CHANGED = (
    "(b) => ablb.settled((a) => b.figures.every((f, i) => a.figures[i] && a.figures[i].ids !== f.ids)"
    " && b.tables.every((t, i) => a.tables[i] && a.tables[i].rows !== t.rows))"
)
# Paper mode changes aggregates only: the category's (or the overall) plot loses the agents
# that did not run every part (its table may show the same first page: they rank last).
AGGREGATES_CHANGED = "(b) => ablb.settled((a) => a.figures[0].ids !== b.figures[0].ids)"
BACK_TO = (
    "(b) => ablb.settled((a) => b.figures.every((f, i) => a.figures[i] && a.figures[i].ids === f.ids)"
    " && b.tables.every((t, i) => a.tables[i] && a.tables[i].rows === t.rows))"
)
BUDGET_SHOWN = "(b) => ablb.settled((a) => a.figures.length > 0 && a.figures.every((f) => f.budget))"
BUDGET_GONE = "(b) => ablb.settled((a) => a.figures.every((f) => !f.budget))"
ONE_SELECTED = "(b) => ablb.settled((a) => a.figures[0].ring === 1 && a.tables.some((t) => t.selected === 1))"
ONE_MORE_RINGED = "(b) => ablb.settled((a) => a.figures[0].ring === b.figures[0].ring + 1)"
# Screen position of the best-scoring point of the first plot (the first row of its table).
TOP_POINT = """() => {
  const fig = ablb.figures()[0], points = ablb.renderer(fig, "points")
  const view = Bokeh.index.get_one(points), y = Array.from(points.data_source.data.y)
  const i = y.indexOf(Math.max(...y)), box = fig.canvas_view.el.getBoundingClientRect()
  return { x: box.left + view.glyph.sx[i], y: box.top + view.glyph.sy[i] }
}"""
LOADING_SHOWN = """(label) => new Promise((resolve) => {
  const shell = ablb.views("SiteShell")[0], root = shell.shadow_el
  const link = Array.from(root.querySelectorAll(".nav a")).find((a) => a.textContent === label)
  const main = root.querySelector(".main"), start = performance.now()
  link.click()
  requestAnimationFrame(() => resolve(main.classList.contains("loading") ? performance.now() - start : null))
})"""


def _tree(pid: int) -> list[int]:
    """The process and its children (the loader's worker processes)."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[1] == str(pid):
                pids.append(int(entry.name))
    return pids


def rss_mb(pid: int) -> float:
    total = 0
    for p in _tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    return total / 1024


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Site:
    """The site and the floor page, served from one process on a free port."""

    prefix: Path | None
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        env = {**os.environ, "ABL_REFRESH_SECONDS": "0", "PYTHONPATH": str(ROOT)}
        if self.prefix is not None:
            env["ABL_DATASET_PREFIX"] = str(self.prefix)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.serve",
                "--port",
                str(self.port),
                "--address",
                "127.0.0.1",
                "--auth",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 600
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the benchmark server exited")
            try:
                if requests.get(self.url + "/floor", timeout=30).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the benchmark server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Reader:
    """Chromium, driven like a reader: fresh contexts for first visits."""

    def __init__(self, site: Site, repeat: int):
        from playwright.sync_api import sync_playwright

        self.site, self.repeat = site, repeat
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()

    def open(self, path: str, figures: int = 1, title: str | None = None, timeout: float = 120):
        """(seconds until drawn, context, page) of a first visit."""
        context = self.browser.new_context(viewport=VIEWPORT)
        context.add_init_script(PAGE_HELPERS)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(self.site.url + path)
        page.wait_for_function(
            "([n, t]) => ablb.drawn(n, t)", arg=[figures, title], polling="raf", timeout=timeout * 1000
        )
        return time.perf_counter() - start, context, page

    def first_visits(self, path: str, figures: int = 1, title: str | None = None) -> list[float]:
        times = []
        for _ in range(self.repeat):
            seconds, context, _ = self.open(path, figures, title)
            context.close()
            times.append(seconds)
        return times

    def sidebar_switches(self) -> tuple[list[float], list[float]]:
        """(seconds until the first benchmark plot is drawn, ms until the loading state shows)."""
        times, feedback = [], []
        for _ in range(self.repeat):
            _, context, page = self.open("/")
            start = time.perf_counter()
            shown = page.evaluate(LOADING_SHOWN, "Literature Understanding")
            page.wait_for_function(
                "([n, t]) => ablb.drawn(n, t)", arg=[2, FIRST_BENCHMARK], polling="raf", timeout=120_000
            )
            times.append(time.perf_counter() - start)
            feedback.append(shown if shown is not None else float("inf"))
            context.close()
        return times, feedback

    def interactions(self, path: str, search: str) -> dict[str, list[float]]:
        """Seconds from each action until its change is drawn everywhere, on a freshly opened page."""
        out: dict[str, list[float]] = {}
        for _ in range(self.repeat):
            _, context, page = self.open(path, 2 if "page=" in path else 1)

            def timed(
                name: str,
                action: Callable[[], None],
                condition: str,
                undo: Callable[[], None] | None = None,
                undone: str = BACK_TO,
            ) -> None:
                before = page.evaluate("() => ablb.snapshot()")
                action()
                drawn = _wait(page, condition, before, f"{path}: the {name} was not drawn")
                out.setdefault(name, []).append((drawn - page.evaluate("() => window.__ablInput")) / 1000)
                if undo is not None:
                    undo()
                    _wait(page, undone, before, f"{path}: the page did not return from the {name}")

            def button(label: str) -> Callable[[], None]:
                return lambda: page.get_by_role("button", name=label, exact=True).first.click()

            def typed(placeholder: str, text: str) -> Callable[[], None]:
                """Type into a field (it applies as the reader types); timed from the last key."""
                field_ = page.get_by_placeholder(placeholder).first

                def act() -> None:
                    field_.fill(text)

                return act

            def openness() -> None:
                page.get_by_role("checkbox", name="Open source & open weights").check()

            timed("split switch", button("Validation"), EVERYTHING_CHANGED, button("Test"))
            timed("openness filter", openness, EVERYTHING_CHANGED, button("Clear filters"))
            timed(
                "search",
                typed("agent, model, submitter", search),
                EVERYTHING_CHANGED,
                typed("agent, model, submitter", ""),
            )

            def radio(label: str) -> Callable[[], None]:
                return lambda: page.get_by_role("radio", name=label, exact=True).check()

            timed("paper mode", radio("Paper"), AGGREGATES_CHANGED, radio("Leaderboard"))
            timed("budget", typed("e.g. 0.50", "0.1"), BUDGET_SHOWN, typed("e.g. 0.50", ""), BUDGET_GONE)

            def click_top_point() -> None:
                where = page.evaluate(TOP_POINT)
                page.mouse.click(where["x"], where["y"])

            timed("point click", click_top_point, ONE_SELECTED)
            tick = page.locator(".rank-table").first.locator("tr.abl-row").nth(1).locator("input[type=checkbox]")
            timed("row tick", tick.check, ONE_MORE_RINGED)
            context.close()
        return out

    def payload(self, path: str, figures: int, title: str | None) -> dict[str, float]:
        """Bytes a first visit transfers: HTTP as sent, websocket messages deflated as sent."""
        context = self.browser.new_context(viewport=VIEWPORT)
        context.add_init_script(PAGE_HELPERS)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        http: dict[str, int] = {}
        ws = {"raw": 0, "deflated": 0}

        def frame(event: dict) -> None:
            data = event["response"]["payloadData"].encode()
            ws["raw"] += len(data)
            ws["deflated"] += len(zlib.compress(data, 6))  # each frame alone: an upper bound

        cdp.on("Network.loadingFinished", lambda e: http.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.on("Network.webSocketFrameReceived", frame)
        page.goto(self.site.url + path)
        page.wait_for_function("([n, t]) => ablb.drawn(n, t)", arg=[figures, title], polling="raf", timeout=120_000)
        page.wait_for_timeout(1000)
        context.close()
        return {
            "http_mb": sum(http.values()) / 1e6,
            "websocket_mb": ws["deflated"] / 1e6,
            "websocket_raw_mb": ws["raw"] / 1e6,
        }

    def page_cpu(self) -> dict[str, float]:
        """Server CPU seconds to open each page (minus what the idle server spends meanwhile)."""
        pid = self.site.proc.pid
        idle_start = cpu_seconds(pid)
        time.sleep(2)
        idle_rate = (cpu_seconds(pid) - idle_start) / 2
        out = {}
        for name in PAGES:
            path = "/submit" if name == "submit" else ("/" if name == "overall" else f"/?page={name}")
            context = self.browser.new_context(viewport=VIEWPORT)
            context.add_init_script(PAGE_HELPERS)
            page = context.new_page()
            before, start = cpu_seconds(pid), time.perf_counter()
            page.goto(self.site.url + path)
            page.wait_for_function("() => ablb.idle()", polling="raf", timeout=120_000)
            if name in ("overall", *CATEGORIES_OF_SITE):
                page.wait_for_function("([n, t]) => ablb.drawn(n, t)", arg=[1, None], polling="raf", timeout=120_000)
            page.wait_for_timeout(1500)  # let trailing messages (layout, URL) reach the server
            out[name] = cpu_seconds(pid) - before - idle_rate * (time.perf_counter() - start)
            context.close()
        return out

    def memory(self, visits: int = 25, settle_after: int = 5) -> dict[str, float]:
        """Server RSS before, after the first `settle_after` category visits, and after all of them,
        each time once the closed tabs' sessions have expired."""
        pid = self.site.proc.pid
        categories = list(CATEGORIES_OF_SITE)
        out = {"before_mb": rss_mb(pid)}
        for i in range(visits):
            category = categories[i % len(categories)]
            _, context, _ = self.open(f"/?page={category}", PLOTS_ON_OPEN[category])
            context.close()
            if i + 1 == settle_after:
                time.sleep(SESSION_EXPIRY_S)
                out[f"after_{settle_after}_mb"] = rss_mb(pid)
        time.sleep(SESSION_EXPIRY_S)
        out[f"after_{visits}_mb"] = rss_mb(pid)
        out["growth_mb"] = out[f"after_{visits}_mb"] - out[f"after_{settle_after}_mb"]
        return out


async def _read_page(url: str, path: str) -> float:
    """One reader: the page request (the server builds the session's document), then the
    websocket a browser opens to pull that document, until the document has arrived."""
    import re

    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    start = time.perf_counter()
    page = await AsyncHTTPClient().fetch(url + path, request_timeout=300)
    token = re.search(r'"token":\s*"([^"]+)"', page.body.decode()).group(1)
    host = url.split("//", 1)[1]
    app = path.split("?", 1)[0].rstrip("/")  # each app has its websocket under its own path
    request = HTTPRequest(f"ws://{host}{app}/ws", headers={"Origin": url}, request_timeout=300)
    ws = await websocket_connect(request, subprotocols=["bokeh", token])
    try:
        for _ in range(3):  # the server's ACK (header, metadata, content): it is ready for requests
            await ws.read_message()
        header = json.dumps({"msgid": "bench-pull", "msgtype": "PULL-DOC-REQ"})
        for part in (header, "{}", "{}"):
            await ws.write_message(part)
        while True:  # frames: header, metadata, content, then an id and a binary frame per buffer
            frame = await ws.read_message()
            if frame is None:
                raise RuntimeError(f"the server closed the websocket of {path}")
            if isinstance(frame, str) and '"PULL-DOC-REPLY"' in frame:
                buffers = json.loads(frame).get("num_buffers", 0)
                for _ in range(2 + 2 * buffers):
                    await ws.read_message()
                return time.perf_counter() - start
    finally:
        ws.close()


def concurrent_readers(url: str, readers: int = 20) -> dict[str, float]:
    """Seconds until the slowest of `readers` readers opening the same page at once has it."""
    import asyncio

    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=readers)
    out = {}
    for name in PAGES:
        path = "/submit" if name == "submit" else ("/" if name == "overall" else f"/?page={name}")

        async def burst() -> list[float]:
            return await asyncio.gather(*[_read_page(url, path) for _ in range(readers)])

        # In a thread of its own: the browser driver keeps an event loop running in this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            out[name] = max(pool.submit(asyncio.run, burst()).result())
        time.sleep(SESSION_EXPIRY_S)  # the next burst starts on a server without these sessions
    return out


def _wait(page, condition: str, before: dict, failure: str) -> float:
    """Waits until `condition(before)` holds; returns the page's clock (ms) at that frame."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        return page.wait_for_function(
            f"(b) => ({condition})(b) && performance.now()", arg=before, polling="raf", timeout=60_000
        ).json_value()
    except PlaywrightTimeout:
        now = page.evaluate("() => ablb.snapshot()")
        raise RuntimeError(f"{failure}\nbefore: {before}\nnow: {now}") from None


def _median(values: list[float]) -> float:
    return statistics.median(values)


def run_browser_bench(
    sizes: list[int], workdir: str | None = None, repeat: int = 5, out_dir: Path = ROOT / "artifacts"
) -> int:
    from .core import synthesize

    base = Path(workdir) if workdir else Path(tempfile.gettempdir()) / "abl-bench"
    base.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(exist_ok=True)
    for n in sizes:
        prefix = None
        if n != 60:  # N = 60 is the embedded sample
            prefix = Path(tempfile.mkdtemp(prefix="abl-bench-prefix-"))
            (prefix / "asta-bench-results").symlink_to(synthesize(base, n))
        search = "react" if prefix is None else "agent 1"
        site = Site(prefix)
        reader = Reader(site, repeat)
        try:
            reader.open("/")[1].close()  # warm the server's caches once, like any running server
            result: dict = {"n": n, "repeat": repeat}
            steps = {
                "floor page": reader.first_visits("/floor"),
                "home, first visit": reader.first_visits("/"),
                f"category by URL (/?page={CATEGORY})": reader.first_visits(f"/?page={CATEGORY}", 2, FIRST_BENCHMARK),
            }
            switch, feedback = reader.sidebar_switches()
            steps["sidebar switch to a category"] = switch
            result["loading_state_ms"] = max(feedback)
            home = reader.interactions("/", search)
            category = reader.interactions(f"/?page={CATEGORY}", search)
            floor = _median(steps["floor page"])
            result["steps"] = {k: {"median_s": _median(v), "ratio": _median(v) / floor} for k, v in steps.items()}
            result["home_interactions_s"] = {k: _median(v) for k, v in home.items()}
            result["category_interactions_s"] = {k: _median(v) for k, v in category.items()}
            result["server_cpu_s"] = reader.page_cpu()
            result["payload"] = {
                "home": reader.payload("/", 1, None),
                CATEGORY: reader.payload(f"/?page={CATEGORY}", 2, FIRST_BENCHMARK),
            }
            result["memory"] = reader.memory()
            result["concurrent_20_max_s"] = concurrent_readers(site.url)
        finally:
            reader.close()
            site.stop()
        (out_dir / f"bench-browser-{n}.json").write_text(json.dumps(result, indent=2))
        report(result)
    return 0


def report(result: dict) -> None:
    n = result["n"]
    print(f"\nN={n} (median of {result['repeat']} runs; x = multiple of the floor page's first visit)")
    print("| what the reader does | seconds | x floor |\n|---|---|---|")
    for name, value in result["steps"].items():
        print(f"| {name} | {value['median_s']:.2f} | {value['ratio']:.2f} |")
    print(f"loading state shown after a sidebar click: at most {result['loading_state_ms']:.0f} ms")
    for title, key in (("home page", "home_interactions_s"), ("category page", "category_interactions_s")):
        print(f"interactions on the {title}: " + ", ".join(f"{k} {v:.2f} s" for k, v in result[key].items()))
    print("server CPU per page: " + ", ".join(f"{k} {v:.2f} s" for k, v in result["server_cpu_s"].items()))
    for page, p in result["payload"].items():
        print(
            f"first visit payload ({page}): {p['http_mb']:.2f} MB HTTP + {p['websocket_mb']:.2f} MB websocket "
            f"({p['websocket_raw_mb']:.2f} MB uncompressed)"
        )
    m = result["memory"]
    print(
        f"server memory: {m['before_mb']:.0f} MB before, {m['after_5_mb']:.0f} MB after 5 category visits, "
        f"{m['after_25_mb']:.0f} MB after 25 (growth over visits 6-25: {m['growth_mb']:+.0f} MB)"
    )
    print(
        "20 readers at once, slowest: " + ", ".join(f"{k} {v:.2f} s" for k, v in result["concurrent_20_max_s"].items())
    )
