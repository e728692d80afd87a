"""`python app.py`: serve the whole site with `panel serve`, the one way it is served.

    python app.py [--port 7860] [--address 0.0.0.0]
                  [--auth none|basic|huggingface] [--basic-auth PASSWORD] [-- extra panel serve args]

The leaderboard is served at / and the submission form at /submit. Everyone may browse; the
form asks for a login: basic auth for local runs, Hugging Face OAuth on a Space (the default
when the Space's OAUTH_CLIENT_ID is set). The start refuses, with the reason, when a login
setting is missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .auth import AuthConfigError, auth_arguments

ROOT = Path(__file__).resolve().parent.parent


def panel_args(port: int, address: str, auth_args: list[str], extra: list[str]) -> list[str]:
    # On a Space only its own host may open websockets; anywhere else, any (local runs, proxies).
    origins = os.environ.get("ABL_ALLOW_WEBSOCKET_ORIGIN") or os.environ.get("SPACE_HOST") or "*"
    return [
        "serve", str(ROOT / "app.py"), str(ROOT / "submit.py"),
        "--index", "app",
        "--port", str(port), "--address", address,
        "--allow-websocket-origin", origins,
        "--setup", str(ROOT / "deploy" / "server_setup.py"),
        "--websocket-compression-level", "6",
        "--websocket-max-message-size", str(64 * 1024 * 1024),  # upload chunks are 10 MB
        *auth_args,
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
    parser.add_argument("--auth", choices=("none", "basic", "huggingface"), default=None,
                        help="login for /submit (default: huggingface on a Space, basic with --basic-auth, else none)")
    parser.add_argument("--basic-auth", metavar="PASSWORD", default=None,
                        help="password for basic auth (any user name), for local runs")
    args, extra = parser.parse_known_args(argv)
    mode = args.auth or ("basic" if args.basic_auth else "huggingface" if os.environ.get("OAUTH_CLIENT_ID") else "none")
    try:
        auth_args, auth_env = auth_arguments(mode, os.environ, args.basic_auth)
    except AuthConfigError as exc:
        print(f"python app.py: cannot start: {exc}", file=sys.stderr)
        return 2
    os.environ.update(auth_env)
    os.environ["ABL_AUTH_MODE"] = mode  # read by deploy/server_setup.py
    os.environ["ABL_LOGIN_ENDPOINT"] = "/login/callback" if mode == "huggingface" else "/login"
    from panel.command import main as panel_main

    _enable_gzip()
    sys.argv = ["panel", *panel_args(args.port, args.address, auth_args, [a for a in extra if a != "--"])]
    return panel_main() or 0
