"""`python app.py`: serve the whole site with `panel serve`, the one way it is served.

    python app.py [--port 7860] [--address 0.0.0.0] [--basic-auth PASSWORD] [-- extra panel serve args]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def panel_args(port: int, address: str, extra: list[str]) -> list[str]:
    origins = os.environ.get("ABL_ALLOW_WEBSOCKET_ORIGIN", "*")
    return [
        "serve", str(ROOT / "app.py"),
        "--index", "app",
        "--port", str(port), "--address", address,
        "--allow-websocket-origin", origins,
        "--setup", str(ROOT / "deploy" / "server_setup.py"),
        "--websocket-compression-level", "6",
        "--num-procs", os.environ.get("ABL_NUM_PROCS", "1"),
        *extra,
    ]


def _enable_gzip() -> None:
    """Compress HTTP responses: Panel has no flag for it, and the JavaScript bundles of the
    first page load are ~5 MB raw but ~1.4 MB gzipped. Tornado's `compress_response` setting
    reaches the server through the keyword arguments `panel serve` builds."""
    from panel.command.serve import Serve

    build = Serve.customize_kwargs
    if getattr(build, "_abl_gzip", False):
        return

    def customize_kwargs(self, args, server_kwargs):
        kwargs = build(self, args, server_kwargs)
        kwargs["compress_response"] = True
        return kwargs

    customize_kwargs._abl_gzip = True
    Serve.customize_kwargs = customize_kwargs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "7860")))
    parser.add_argument("--address", default="0.0.0.0")
    args, extra = parser.parse_known_args(argv)
    extra = [a for a in extra if a != "--"]
    from panel.command import main as panel_main

    _enable_gzip()
    sys.argv = ["panel", *panel_args(args.port, args.address, extra)]
    return panel_main() or 0
