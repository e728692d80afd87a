"""`python app.py`: serve the whole site through Panel's public `pn.serve`.

    python app.py [--port 7860] [--address 0.0.0.0] [--auth none|basic|huggingface]

The leaderboard is served at /, the submission form at /submit, a user's submissions at
/submissions and the reviewers' queue at /review (reviewers: ABL_REVIEWERS). Everyone may browse; the
form asks for a login: basic auth for local runs (password in ABL_BASIC_AUTH_PASSWORD),
Hugging Face OAuth on a Space (the default when the Space's OAUTH_CLIENT_ID is set). The start
refuses, with the reason, when a login setting is missing. Secrets are read from the
environment only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from abl.intake.uploads import close_upload_area, upload_area
from abl.settings import Settings, SettingsError

from .auth import MODES, AuthConfigError, auth_options, default_mode
from .python_check import python_status, tar_headers_safe

# A tab that is closed frees its session within about this long (Bokeh's defaults: 15 s + 17 s).
UNUSED_SESSION_LIFETIME_MS = 15_000
CHECK_UNUSED_SESSIONS_MS = 3_000
WEBSOCKET_MAX_MESSAGE_BYTES = 4 * 1024 * 1024  # archives go to /upload; messages are small


def allowed_origins(env: Mapping[str, str], port: int) -> list[str]:
    """Hosts whose pages may open the websocket: ABL_ALLOWED_ORIGINS (comma-separated host[:port]),
    else the Space's own host, else this machine."""
    configured = list(Settings.from_env(env).allowed_origins)
    if configured:
        return configured
    if env.get("SPACE_HOST", "").strip():
        return [env["SPACE_HOST"].strip().rstrip("/")]
    return [f"localhost:{port}", f"127.0.0.1:{port}"]


def server_options(port: int, address: str, env: Mapping[str, str], auth: dict[str, Any]) -> dict[str, Any]:
    """Every `pn.serve` keyword argument of the site (apps aside)."""
    return {
        "port": port,
        "address": address,
        "websocket_origin": allowed_origins(env, port),
        "show": False,
        # Tornado settings, passed through Bokeh's server: gzip for HTTP (the first visit's
        # scripts are ~5 MB raw, ~1.4 MB gzipped), deflate for websocket messages.
        "compress_response": True,
        "websocket_compression_level": 6,
        "websocket_max_message_size": WEBSOCKET_MAX_MESSAGE_BYTES,
        "unused_session_lifetime_milliseconds": UNUSED_SESSION_LIFETIME_MS,
        "check_unused_sessions_milliseconds": CHECK_UNUSED_SESSIONS_MS,
        **auth,
    }


TITLES = {
    "/": "AstaBench Leaderboard",
    "/submit": "Submit an agent: AstaBench Leaderboard",
    "/submissions": "My submissions: AstaBench Leaderboard",
    "/review": "Review queue: AstaBench Leaderboard",
}


def site_apps() -> dict[str, Callable]:
    """URL path -> function building one session's page."""
    from dashboards.review import review_page
    from dashboards.site import create_page
    from dashboards.submissions import submissions_page
    from dashboards.submit import submit_page

    return {"/": create_page, "/submit": submit_page, "/submissions": submissions_page, "/review": review_page}


def main(argv: list[str] | None = None, extra_apps: Mapping[str, Callable] | None = None) -> int:
    """`extra_apps` adds pages served with exactly the site's settings (the browser benchmark's floor page)."""
    try:
        settings = Settings.from_env()  # every setting, checked before anything starts
    except SettingsError as exc:
        print(f"python app.py: cannot start: {exc}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(
        prog="python app.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=settings.port)
    parser.add_argument("--address", default="0.0.0.0")
    parser.add_argument(
        "--auth",
        choices=MODES,
        default=None,
        help="login for /submit (default: huggingface on a Space, basic when "
        "ABL_BASIC_AUTH_PASSWORD is set, else none)",
    )
    args = parser.parse_args(argv)
    mode = args.auth or default_mode(os.environ)
    try:
        auth = auth_options(mode, os.environ)
    except AuthConfigError as exc:
        print(f"python app.py: cannot start: {exc}", file=sys.stderr)
        return 2

    print(python_status(), file=sys.stderr)
    if mode == "huggingface" and not tar_headers_safe() and not settings.allow_affected_python:
        print(
            "python app.py: cannot start: a public server needs a Python whose tar header parsing is fixed "
            "(see above). Set ABL_ALLOW_AFFECTED_PYTHON=1 to start anyway.",
            file=sys.stderr,
        )
        return 2
    try:
        area = upload_area(os.environ)
    except ValueError as exc:
        print(f"python app.py: cannot start: {exc}", file=sys.stderr)
        return 2

    import panel as pn

    from dashboards.access import configure_access
    from dashboards.live_data import shared_live

    from .api_handler import api_patterns
    from .login import login_provider
    from .upload_handler import upload_patterns

    live = shared_live()  # load the data and build the first tables before the first visitor
    configure_access(auth.get("login_endpoint", "/login") if mode != "none" else None)
    apps = {**site_apps(), **(extra_apps or {})}
    options = login_provider(server_options(args.port, args.address, os.environ, auth))
    options["extra_patterns"] = upload_patterns(area, options["websocket_origin"]) + api_patterns(live)
    server = pn.serve(apps, title={path: TITLES.get(path, path.strip("/")) for path in apps}, start=False, **options)
    try:
        server.run_until_shutdown()  # Bokeh's: also stops on SIGTERM, which a container's PID 1 would ignore
    finally:
        close_upload_area()
    return 0
