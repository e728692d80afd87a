"""Refresh the screenshots in docs/images/: every page at desktop and phone width.

    python -m scripts.screenshots [--out docs/images] [--dark]

Serves the site on the embedded sample (a login configured, so /submit shows the form), opens
each page in headless Chromium at 1400x900 and 390x844, waits until its plot and rows are drawn,
and saves `<page>-desktop.png` and `<page>-phone.png` (with `--dark`, `-dark` before `.png`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from tests.support.server import Server

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "home": "/",
    "literature": "/?page=lit",
    "code": "/?page=code",
    "data": "/?page=data",
    "discovery": "/?page=discovery",
    "heatmap": "/?page=heatmap",
    "whatif": "/?split=validation&page=lit&prices=gpt-5-mini%3D3,gpt-4.1%3D1/4",
    "history": "/?split=validation&asof=2025-11-30",
    "compare": "/?page=compare&compare=react-o3,react-gpt-5-mini",
    "about": "/?page=about",
    "submit": "/submit",
}
# Pages shown with a folded part opened: the text to click.
UNFOLD = {"history": "Best score within a budget, over time"}
PASSWORD = "screenshots"  # a throwaway login for this run's own server
CHROMIUM = "/usr/bin/chromium"
DRAWN = """() => window.Bokeh && Bokeh.documents.length > 0 && Bokeh.documents.every((d) => d.is_idle)"""


def take(out: Path, dark: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    datasets = tempfile.mkdtemp(prefix="abl-screenshots-")  # the form writes nothing here, but must have a place
    server = Server(
        env={"ABL_BASIC_AUTH_PASSWORD": PASSWORD, "ABL_SUBMISSION_PREFIX": datasets}, args=["--auth", "basic"]
    )
    saved = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for width, viewport in WIDTHS.items():
                context = browser.new_context(viewport=viewport, color_scheme="dark" if dark else "light")
                if dark:
                    context.add_cookies([{"name": "abl_theme", "value": "dark", "url": server.url}])
                page = context.new_page()
                page.goto(server.url + "/login")
                page.fill("input[name=username]", "reader")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit], input[type=submit]")
                for name, path in PAGES.items():
                    page.goto(server.url + path)
                    page.wait_for_function(DRAWN, timeout=120_000)
                    page.wait_for_timeout(1500)  # fonts, and plots that draw after the document is idle
                    if name in UNFOLD:
                        page.get_by_text(UNFOLD[name]).first.click()
                        page.wait_for_function(DRAWN, timeout=120_000)
                        page.wait_for_timeout(1500)
                        page.get_by_text(UNFOLD[name]).first.scroll_into_view_if_needed()
                    target = out / f"{name}-{width}{'-dark' if dark else ''}.png"
                    page.screenshot(path=str(target))
                    saved.append(target)
                context.close()
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(datasets, ignore_errors=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.screenshots", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--dark", action="store_true", help="dark theme")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if not os.path.exists(CHROMIUM):
        print(f"needs Chromium at {CHROMIUM} (make browser)", file=sys.stderr)
        return 1
    for path in take(args.out, args.dark):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
