"""Start the real site (`python app.py`) for tests that talk to it over HTTP or drive a browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
# Debian's chromium (browser downloads are blocked), as the browser tests and the benchmark drive it.
CHROMIUM = os.environ.get("ABL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]


def hub_login_site(mock_oidc, env: dict[str, str], port: int | None = None) -> Server:
    """The site with Hugging Face login against the mock provider, and `env` besides."""
    port = port or free_port()
    login = {
        "OAUTH_CLIENT_ID": mock_oidc.client_id,
        "OAUTH_CLIENT_SECRET": mock_oidc.client_secret,
        "OPENID_PROVIDER_URL": mock_oidc.url,
        "SPACE_HOST": f"127.0.0.1:{port}",
        "PANEL_COOKIE_SECRET": "browser-test-cookie-secret-0123456789",
        "PANEL_OAUTH_ENCRYPTION": mock_oidc.encryption_key,
        # A public server refuses a Python with the tar-header bug; this machine's may have it
        # (the refusal itself is tested in tests/test_isolated_check.py).
        "ABL_ALLOW_AFFECTED_PYTHON": "1",
    }
    return Server(env={**login, **env}, args=["--auth", "huggingface"], port=port)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python app.py` on a free port of 127.0.0.1, started and ready; its log in artifacts/."""

    def __init__(self, env: dict[str, str] | None = None, args: list[str] | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, "ABL_REFRESH_SECONDS": "0", **(env or {})}
        ARTIFACTS.mkdir(exist_ok=True)
        self.log = open(ARTIFACTS / f"server-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--port", str(self.port), "--address", "127.0.0.1", *(args or [])],
            cwd=ROOT,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited; see {self.log.name}")
            try:
                if requests.get(self.url + "/", timeout=5).status_code in (200, 302):
                    return
            except requests.RequestException:
                time.sleep(0.5)
        raise RuntimeError("server did not start in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
