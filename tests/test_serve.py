"""The two ways of serving: bare `panel serve app.py`, and `python app.py` (the whole site)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.server import ARTIFACTS, Server, free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.server


def test_bare_panel_serve_serves_the_leaderboard():
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / f"panel-serve-{port}.log", "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "panel", "serve", "app.py", "--port", str(port), "--address", "127.0.0.1"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "ABL_REFRESH_SECONDS": "0"},
        )
        try:
            deadline = time.time() + 90
            while True:
                try:
                    response = requests.get(f"http://127.0.0.1:{port}/app", timeout=30)
                    break
                except requests.ConnectionError:
                    assert time.time() < deadline and proc.poll() is None, "panel serve did not start"
                    time.sleep(0.5)
            assert response.status_code == 200
            assert "<title>AstaBench Leaderboard</title>" in response.text
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def test_whole_site_without_login_explains_the_submit_page():
    server = Server()
    try:
        home = requests.get(server.url + "/", timeout=30)
        assert home.status_code == 200 and "AstaBench Leaderboard" in home.text
        submit = requests.get(server.url + "/submit", timeout=30)
        assert submit.status_code == 200  # no login configured: the page explains how to enable one
        assert requests.get(server.url + "/no-such-page", timeout=30).status_code == 404
        # gzip on HTTP (a first visit's scripts are ~5 MB raw): the page and its largest script.
        assert home.headers.get("Content-Encoding") == "gzip"
        script = requests.get(server.url + "/static/js/bokeh.min.js", headers={"Accept-Encoding": "gzip"}, timeout=30)
        assert script.status_code == 200 and script.headers.get("Content-Encoding") == "gzip"
    finally:
        server.stop()


def test_no_page_couples_to_panels_busy_state():
    """panel-material-ui's Page followed `pn.state.busy`, so every callback re-sent the page to the
    browser and cost seconds of CPU on a category page. Building every page must leave the busy
    state without watchers and never import that package."""
    code = """
import sys
import panel as pn
from bokeh.document import Document
from deploy.start import site_apps

before = len(pn.state.param.watchers.get("busy", {}).get("value", []))
for path, page in site_apps().items():
    doc = Document()
    page().server_doc(doc)
after = len(pn.state.param.watchers.get("busy", {}).get("value", []))
assert after == before, (before, after)
assert "panel_material_ui" not in sys.modules
print("ok")
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ABL_REFRESH_SECONDS": "0", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]
