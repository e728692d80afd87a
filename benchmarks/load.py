"""`python -m benchmarks load`: many readers opening the site at once.

`readers` protocol readers (each: the page request, then the websocket pulling the session's
document, as a browser does; see `benchmarks.browser._read_page`) open the home page at the same
moment, and one plain `GET /` is sent a second into the burst, as a newcomer arriving then would.
Reports when the sessions came up (median and slowest) and how long that newcomer waited.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .browser import ROOT, Site, _read_page

PROBE_DELAY_S = 1.0


async def _burst(url: str, readers: int) -> tuple[list[float], float]:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=readers + 1)

    async def newcomer() -> float:
        await asyncio.sleep(PROBE_DELAY_S)
        start = time.perf_counter()
        await AsyncHTTPClient().fetch(url + "/", request_timeout=600)
        return time.perf_counter() - start

    *sessions, probe = await asyncio.gather(*[_read_page(url, "/") for _ in range(readers)], newcomer())
    return sessions, probe


def run_load_bench(readers: int = 50, out_dir: Path = ROOT / "artifacts") -> int:
    site = Site(None)
    try:
        asyncio.run(_read_page(site.url, "/"))  # warm the caches once, like any running server
        with ThreadPoolExecutor(max_workers=1) as pool:
            sessions, probe = pool.submit(asyncio.run, _burst(site.url, readers)).result()
    finally:
        site.stop()
    result = {
        "readers": readers,
        "median_s": statistics.median(sessions),
        "slowest_s": max(sessions),
        "get_during_burst_s": probe,
    }
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"bench-load-{readers}.json").write_text(json.dumps(result, indent=2))
    print(
        f"{readers} readers opening / at once: median {result['median_s']:.1f} s, slowest {result['slowest_s']:.1f} s "
        f"until their session was up; a GET / sent {PROBE_DELAY_S:.0f} s into the burst took "
        f"{result['get_during_burst_s']:.2f} s"
    )
    return 0
