"""`abl bench --server`: the served site's budgets on a synthetic dataset (default N = 2,000).

- startup: seconds until the server answers, and the time of the first home page response;
- payload: bytes a first visit transfers (HTTP, as sent, i.e. gzipped; and websocket
  messages), measured in headless Chromium;
- interaction: server time of a filter change and of a split change, in a server-like
  process (a session document, every Bokeh model updated);
- memory: resident memory of the server after 20 concurrent sessions, and its CPU use while
  they sit idle (which should be near 0%).
Needs a repository checkout (app.py) and, for the payload, Playwright with Debian chromium.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ABL_CHROMIUM", "/usr/bin/chromium")

_INTERACTION = r"""
import json, sys, time
import panel as pn
from bokeh.document import Document
pn.extension("tabulator")
from dashboards.live_data import shared_live
from dashboards.site import Site
live = shared_live()
site = Site(live, {})
site.page().get_root(Document())
changes = [("filter openness", dict(openness=["Open source & closed weights"])), ("clear filter", dict(openness=[])),
           ("search", dict(search="agent 1")), ("clear search", dict(search="")),
           ("split to validation", dict(split="validation")), ("split to test", dict(split="test"))]
out = {}
for _ in range(3):  # keep the best of three: the machine's noise is not the app's time
    for label, change in changes:
        start = time.perf_counter()
        site.model.param.update(**change)
        out[label] = min(out.get(label, 1e9), time.perf_counter() - start)
print(json.dumps(out))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if entry.name == str(pid) or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _payload(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        http: dict[str, int] = {}
        ws = {"bytes": 0, "deflated": 0}

        def frame(event: dict) -> None:
            # CDP reports frames decompressed; the server sends them with permessage-deflate
            # (level 6), so deflating each frame alone gives an upper bound of what was sent.
            data = event["response"]["payloadData"].encode()
            ws["bytes"] += len(data)
            ws["deflated"] += len(zlib.compress(data, 6))

        cdp.on("Network.loadingFinished", lambda e: http.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.on("Network.webSocketFrameReceived", frame)
        page.goto(url)
        page.wait_for_function("() => window.Bokeh && Bokeh.documents.length && Bokeh.documents.every(d => d.is_idle)",
                               timeout=120_000)
        page.wait_for_timeout(1000)
        browser.close()
    return {"http_bytes": sum(http.values()), "websocket_bytes": ws["bytes"], "websocket_deflated": ws["deflated"]}


def _sessions(url: str, count: int) -> list:
    """Open sessions as Bokeh clients: each holds a live server document, like a browser tab."""
    import importlib
    import pkgutil

    import panel.models
    import panel_material_ui  # noqa: F401
    from bokeh.client import pull_session

    # The client must know every Panel model to read the documents.
    for module in pkgutil.iter_modules(panel.models.__path__):
        importlib.import_module(f"panel.models.{module.name}")

    return [pull_session(url=url + "/") for _ in range(count)]


def run_server_bench(workdir: Path, n: int = 2000, sessions: int = 20) -> int:
    from .bench import synthesize

    dataset = synthesize(workdir, n)
    prefix = Path(tempfile.mkdtemp(prefix="abl-bench-prefix-"))
    (prefix / "asta-bench-results").symlink_to(dataset)
    env = {**os.environ, "ABL_DATASET_PREFIX": str(prefix), "ABL_REFRESH_SECONDS": "0", "PYTHONPATH": str(ROOT)}
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - start > 300:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.1)
        listening = time.perf_counter() - start
        first_start = time.perf_counter()
        response = requests.get(url + "/", timeout=60)
        first = time.perf_counter() - first_start
        print(f"server (N={n}): listening after {listening:.1f} s (data loaded and warmed); "
              f"first home page response {first:.3f} s, {len(response.content)} bytes, status {response.status_code}")
        try:
            payload = _payload(url + "/")
            sent = payload["http_bytes"] + payload["websocket_deflated"]
            print(f"  first visit payload: {payload['http_bytes'] / 1e6:.2f} MB over HTTP (gzip, scripts included) + "
                  f"{payload['websocket_deflated'] / 1e6:.2f} MB of websocket messages as sent "
                  f"({payload['websocket_bytes'] / 1e6:.2f} MB uncompressed): {sent / 1e6:.2f} MB in all")
        except Exception as exc:  # Playwright or chromium missing: say so, measure the rest
            print(f"  payload not measured: {exc}")
        base_rss = _rss_mb(proc.pid)
        clients = _sessions(url, sessions)
        time.sleep(2)
        rss = _rss_mb(proc.pid)
        busy_before = _cpu_seconds(proc.pid)
        time.sleep(5)
        idle = (_cpu_seconds(proc.pid) - busy_before) / 5 * 100
        print(f"  memory: {base_rss:.0f} MB before sessions, {rss:.0f} MB with {len(clients)} concurrent sessions; "
              f"server CPU while they sit idle: {idle:.0f}%")
        for client in clients:
            client.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    interaction = subprocess.run([sys.executable, "-c", _INTERACTION], env=env, cwd=ROOT,
                                 capture_output=True, text=True, check=True)
    times = json.loads(interaction.stdout.strip().splitlines()[-1])
    print("  server time per change: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in times.items()))
    return 0
