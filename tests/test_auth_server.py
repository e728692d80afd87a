"""Logins on the served site: Hugging Face OAuth (against the mock provider) and basic auth.
Everyone browses; /submit needs a login, enforced before the page runs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.support.server import Server, free_port

pytestmark = pytest.mark.server


@pytest.fixture
def oauth_site(mock_oidc, tmp_path):
    port = free_port()
    env = {
        "OAUTH_CLIENT_ID": mock_oidc.client_id,
        "OAUTH_CLIENT_SECRET": mock_oidc.client_secret,
        "OAUTH_SCOPES": "openid profile",
        "OPENID_PROVIDER_URL": mock_oidc.url,
        "SPACE_HOST": f"127.0.0.1:{port}",
        "PANEL_COOKIE_SECRET": "test-cookie-secret-" + "x" * 20,
        "PANEL_OAUTH_ENCRYPTION": mock_oidc.encryption_key,
        "ABL_SUBMISSION_PREFIX": str(tmp_path / "datasets"),
        # A public server refuses a Python with the tar-header bug; this machine's may have it
        # (the refusal itself is tested in tests/test_isolated_check.py).
        "ABL_ALLOW_AFFECTED_PYTHON": "1",
    }
    server = Server(env=env, args=["--auth", "huggingface"], port=port)
    yield server
    server.stop()


def command_line(server: Server) -> bytes:
    """What `ps` shows of the server process."""
    return Path(f"/proc/{server.proc.pid}/cmdline").read_bytes()


def test_no_secret_is_on_the_command_line(oauth_site, mock_oidc):
    shown = command_line(oauth_site)
    for secret in (mock_oidc.client_secret, "test-cookie-secret-", mock_oidc.encryption_key):
        assert secret.encode() not in shown


def follow(session: requests.Session, url: str, limit: int = 10) -> requests.Response:
    """Follow redirects one by one (they cross between the site and the provider)."""
    for _ in range(limit):
        response = session.get(url, allow_redirects=False, timeout=30)
        if response.status_code not in (301, 302, 303, 307):
            return response
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects")


def test_hugging_face_login_flow(oauth_site, mock_oidc):
    session = requests.Session()
    assert session.get(oauth_site.url + "/", timeout=30).status_code == 200  # anonymous browsing
    to_login = session.get(oauth_site.url + "/submit", allow_redirects=False, timeout=30)
    assert to_login.status_code == 302 and to_login.headers["Location"] == "/login/callback?next=/submit"
    page = follow(session, urljoin(oauth_site.url, to_login.headers["Location"]))
    assert page.status_code == 200 and page.url.endswith("/submit")
    assert session.cookies.get("user") is not None
    paths = [path for _, path, _ in mock_oidc.requests]
    assert "/oauth/authorize" in paths and "/oauth/token" in paths
    # The form is now served to alice; after logging out, /submit asks for a login again.
    assert session.get(oauth_site.url + "/submit", allow_redirects=False, timeout=30).status_code == 200
    session.get(oauth_site.url + "/logout", timeout=30)
    again = session.get(oauth_site.url + "/submit", allow_redirects=False, timeout=30)
    assert again.status_code == 302 and "/login/callback" in again.headers["Location"]


def test_basic_auth_login(tmp_path):
    server = Server(
        env={"ABL_SUBMISSION_PREFIX": str(tmp_path), "ABL_BASIC_AUTH_PASSWORD": "open-sesame"}, args=["--auth", "basic"]
    )
    try:
        assert b"open-sesame" not in command_line(server)
        session = requests.Session()
        assert session.get(server.url + "/", timeout=30).status_code == 200
        to_login = session.get(server.url + "/submit", allow_redirects=False, timeout=30)
        assert to_login.status_code == 302 and to_login.headers["Location"] == "/login?next=/submit"
        wrong = session.post(
            server.url + "/login", data={"username": "alice", "password": "nope"}, allow_redirects=False, timeout=30
        )
        assert session.get(server.url + "/submit", allow_redirects=False, timeout=30).status_code == 302, wrong.text
        session.post(
            server.url + "/login?next=/submit",
            data={"username": "alice", "password": "open-sesame"},
            allow_redirects=False,
            timeout=30,
        )
        assert session.get(server.url + "/submit", allow_redirects=False, timeout=30).status_code == 200
    finally:
        server.stop()
