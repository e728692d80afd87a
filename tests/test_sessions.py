"""Sessions are freed when their tab closes: nothing a page view creates outlives it."""

from __future__ import annotations

import gc
import socket
import time
import weakref

import panel as pn
import pytest

from benchmarks.browser import _read_page
from dashboards.live_data import shared_live
from dashboards.site import Site
from tests.support.aio import run as run_async
from tests.support.server import free_port

pytestmark = pytest.mark.server


@pytest.fixture
def served_sites():
    """The site served in this process (so its objects can be inspected), with each site it
    builds recorded by weak reference."""
    made: list[tuple[str, weakref.ref]] = []

    def page():
        site = Site(shared_live())
        made.extend(
            [
                ("Site", weakref.ref(site)),
                ("Leaderboard", weakref.ref(site.model)),
                ("page", weakref.ref(site._content)),
                ("shell", weakref.ref(site.shell)),
            ]
        )
        return site.page()

    port = free_port()
    server = pn.serve(
        {"/": page},
        port=port,
        address="127.0.0.1",
        websocket_origin=[f"127.0.0.1:{port}"],
        show=False,
        threaded=True,
        start=True,
        check_unused_sessions_milliseconds=200,
        unused_session_lifetime_milliseconds=1000,
    )
    deadline = time.time() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.time() < deadline, "the server did not start"
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", made
    server.stop()


def test_twenty_closed_sessions_leave_nothing_behind(served_sites):
    url, made = served_sites
    for query in ["/", "/?page=lit", "/?page=compare", "/?page=code&selected=react-o3"] * 5:
        run_async(_read_page(url, query))  # opens the page and its websocket, then closes both
    # Every view built its page; on a loaded machine Bokeh may drop a session that its websocket
    # reached too late and build it again, which makes more, never fewer.
    assert len(made) >= 20 * 4
    deadline = time.time() + 60  # a busy machine destroys expired sessions late
    while time.time() < deadline:
        gc.collect()
        alive = [kind for kind, ref in made if ref() is not None]
        if not alive:
            break
        time.sleep(0.3)
    assert alive == [], f"{len(alive)} objects of closed sessions are alive: {sorted(set(alive))}"
