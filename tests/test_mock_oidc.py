"""The mock Hugging Face OIDC provider: its protocol, and Panel's real `generic` OAuth login against it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from tornado.web import decode_signed_value

from tests.support import mock_oidc as mock_oidc_module
from tests.support.mock_oidc import DEFAULT_USER, MockOIDCProvider, decode_jwt_claims
from tests.support.server import free_port

# Made visible to the tests below (tests/conftest.py belongs to others); an assignment,
# not an import, so linters don't take the fixture parameters for redefinitions.
mock_oidc = mock_oidc_module.mock_oidc

REDIRECT_URI = "http://127.0.0.1:9/login/callback"  # never contacted by the protocol tests


def _authorize(provider: MockOIDCProvider, **overrides: str) -> requests.Response:
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile",
        "state": "st-123",
        **overrides,
    }
    return requests.get(provider.authorize_url, params=params, allow_redirects=False, timeout=5)


def _code(provider: MockOIDCProvider) -> str:
    response = _authorize(provider)
    assert response.status_code == 302
    return parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]


def _exchange(provider: MockOIDCProvider, code: str, **overrides: str) -> requests.Response:
    # The same form Panel's generic handler posts (see the end-to-end test below).
    form = {
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "grant_type": "authorization_code",
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile",
        "code": code,
        **overrides,
    }
    return requests.post(provider.token_url, data=form, headers={"Accept": "application/json"}, timeout=5)


def _userinfo(provider: MockOIDCProvider, token: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(provider.userinfo_url, headers=headers, timeout=5)


# -- the protocol ----------------------------------------------------------------------


def test_discovery_points_at_the_oauth_endpoints(mock_oidc: MockOIDCProvider) -> None:
    doc = requests.get(f"{mock_oidc.url}/.well-known/openid-configuration", timeout=5).json()
    assert doc["issuer"] == mock_oidc.url
    assert doc["authorization_endpoint"] == f"{mock_oidc.url}/oauth/authorize"
    assert doc["token_endpoint"] == f"{mock_oidc.url}/oauth/token"
    assert doc["userinfo_endpoint"] == f"{mock_oidc.url}/oauth/userinfo"


def test_authorize_redirects_back_with_code_and_state(mock_oidc: MockOIDCProvider) -> None:
    response = _authorize(mock_oidc)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query)
    assert query["state"] == ["st-123"]
    assert query["code"][0] in mock_oidc.issued_codes
    assert mock_oidc.requests[-1][:2] == ("GET", "/oauth/authorize")


def test_authorize_refuses_bad_requests(mock_oidc: MockOIDCProvider) -> None:
    # Unknown client or unregistered redirect_uri: an error page, never a redirect.
    mock_oidc.redirect_uris.add(REDIRECT_URI)
    for overrides in ({"client_id": "intruder"}, {"redirect_uri": "http://127.0.0.1:9/elsewhere"}):
        response = _authorize(mock_oidc, **overrides)
        assert response.status_code == 400 and "Location" not in response.headers
        assert response.json()["error"] in ("invalid_client", "invalid_request")
    # A wrong response_type goes back to the client as an OAuth error, with the state.
    response = _authorize(mock_oidc, response_type="token")
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query == {"error": ["unsupported_response_type"], "state": ["st-123"]}
    assert not mock_oidc.issued_codes


def test_code_exchanges_once_for_tokens_and_userinfo(mock_oidc: MockOIDCProvider) -> None:
    code = _code(mock_oidc)
    response = _exchange(mock_oidc, code)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "openid profile" and body["expires_in"] > 0
    assert body["access_token"] in mock_oidc.issued_tokens

    # The id_token is a genuine HS256 JWT keyed by the client secret.
    signing_input, _, signature = body["id_token"].rpartition(".")
    expected = hmac.new(b"test-secret", signing_input.encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected
    claims = decode_jwt_claims(body["id_token"])
    assert claims["preferred_username"] == "alice" and claims["sub"] == "u-1"
    assert claims["iss"] == mock_oidc.url and claims["aud"] == "test-client"
    assert claims["iat"] <= time.time() < claims["exp"]

    info = _userinfo(mock_oidc, body["access_token"])
    assert info.status_code == 200
    assert info.json() == mock_oidc.user

    again = _exchange(mock_oidc, code)
    assert again.status_code == 400
    assert again.json() == {"error": "invalid_grant", "error_description": "authorization code already used"}


def test_token_endpoint_takes_http_basic_client_auth(mock_oidc: MockOIDCProvider) -> None:
    form = {"grant_type": "authorization_code", "code": _code(mock_oidc), "redirect_uri": REDIRECT_URI}
    response = requests.post(mock_oidc.token_url, data=form, auth=("test-client", "test-secret"), timeout=5)
    assert response.status_code == 200 and "access_token" in response.json()


def test_token_endpoint_errors(mock_oidc: MockOIDCProvider) -> None:
    code = _code(mock_oidc)
    bad_secret = _exchange(mock_oidc, code, client_secret="wrong")
    assert bad_secret.status_code == 401 and bad_secret.json()["error"] == "invalid_client"
    # Client authentication comes first, so that failure did not spend the code ...
    wrong_redirect = _exchange(mock_oidc, code, redirect_uri="http://127.0.0.1:9/other")
    assert wrong_redirect.status_code == 400 and wrong_redirect.json()["error"] == "invalid_grant"
    # ... but any attempt that reaches the code does.
    assert _exchange(mock_oidc, code).status_code == 400
    assert _exchange(mock_oidc, "made-up").json()["error_description"] == "unknown code"
    assert _exchange(mock_oidc, _code(mock_oidc), grant_type="password").json()["error"] == "unsupported_grant_type"


def test_userinfo_needs_a_valid_bearer_token(mock_oidc: MockOIDCProvider) -> None:
    missing = _userinfo(mock_oidc, None)
    assert missing.status_code == 401 and missing.json()["error"] == "invalid_request"
    bad = _userinfo(mock_oidc, "hf_oauth_forged")
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_token"
    assert "invalid_token" in bad.headers["WWW-Authenticate"]


def test_each_login_keeps_the_user_it_was_issued_for(mock_oidc: MockOIDCProvider) -> None:
    alice_code = _code(mock_oidc)
    mock_oidc.user = {"sub": "u-2", "preferred_username": "bob", "name": "Bob"}
    bob_token = _exchange(mock_oidc, _code(mock_oidc)).json()["access_token"]
    alice_token = _exchange(mock_oidc, alice_code).json()["access_token"]
    assert _userinfo(mock_oidc, alice_token).json()["preferred_username"] == "alice"
    assert _userinfo(mock_oidc, bob_token).json()["preferred_username"] == "bob"


def test_panel_env_registers_the_redirect_uri(mock_oidc: MockOIDCProvider) -> None:
    env = mock_oidc.panel_env(REDIRECT_URI, encryption=True)
    assert env["PANEL_OAUTH_PROVIDER"] == "generic"
    assert env["PANEL_OAUTH_TOKEN_URL"] == mock_oidc.token_url
    assert env["PANEL_OAUTH_REDIRECT_URI"] == REDIRECT_URI
    assert len(base64.urlsafe_b64decode(env["PANEL_OAUTH_ENCRYPTION"])) == 32  # what Fernet requires
    assert mock_oidc.redirect_uris == {REDIRECT_URI}
    assert "PANEL_OAUTH_ENCRYPTION" not in mock_oidc.panel_env(REDIRECT_URI, encryption=False)


# -- a real `panel serve` logging in through the mock -------------------------------------

# The served document reaches the browser over the websocket (the HTML carries an
# empty docs_json), but its title is rendered into the HTML of the GET that ran the
# script, so the app reports what Panel knows about the user there, as JSON.
APP = """
import json
import panel as pn

seen = {"user": pn.state.user, "user_info": pn.state.user_info, "access_token": pn.state.access_token}
pn.pane.Markdown("hello").servable(title=json.dumps(seen))
"""

# Records what Panel passes to the authorize callback, and exercises its answers:
# a URL string redirects, False is a 403.
SETUP = """
import json
import os
import panel as pn

def authorize(user_info, path):
    with open(os.environ["AUTH_LOG"], "a") as log:
        log.write(json.dumps([user_info, path]) + "\\n")
    if path == "/moved":
        return "/app"
    if path == "/private":
        return (user_info or {}).get("preferred_username") == "alice"
    return True

pn.config.authorize_callback = authorize
"""

LOGIN = "/login/callback"
SESSION_COOKIES = {"user", "access_token", "id_token", "oauth_expiry"}


@dataclass
class PanelSite:
    url: str
    provider: MockOIDCProvider
    auth_log: Path

    def seen(self, response: requests.Response) -> dict[str, Any]:
        """What the app saw of the user: the JSON it put into the page title."""
        match = re.search(r"<title>(.*?)</title>", response.text, re.S)
        assert match, response.text[:500]
        return json.loads(html.unescape(match.group(1)))

    def login(self, session: requests.Session, next_url: str = "/app") -> list[requests.Response]:
        """Follow every hop of the login by hand, so each can be checked."""
        hops = [session.get(f"{self.url}{LOGIN}", params={"next": next_url}, allow_redirects=False, timeout=10)]
        while hops[-1].is_redirect:
            target = urljoin(hops[-1].url, hops[-1].headers["Location"])
            hops.append(session.get(target, allow_redirects=False, timeout=10))
        return hops

    def callback_calls(self) -> list[tuple[dict | None, str]]:
        if not self.auth_log.exists():
            return []
        return [tuple(json.loads(line)) for line in self.auth_log.read_text().splitlines()]


@pytest.fixture(scope="module")
def panel_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PanelSite]:
    """`panel serve` of three tiny apps (app, private, moved) with generic OAuth pointed at a mock."""
    workdir = tmp_path_factory.mktemp("panel_oauth")
    for name in ("app", "private", "moved"):
        (workdir / f"{name}.py").write_text(textwrap.dedent(APP))
    (workdir / "setup.py").write_text(textwrap.dedent(SETUP))
    provider = MockOIDCProvider()
    provider.start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # No inherited PANEL_*/BOKEH_* settings: Panel refuses a setting given twice.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PANEL_", "BOKEH_"))}
    env.update(provider.panel_env(f"{url}{LOGIN}"), AUTH_LOG=str(workdir / "auth.log"))
    log_path = workdir / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "panel",
                "serve",
                "app.py",
                "private.py",
                "moved.py",
                "--setup",
                "setup.py",
                "--port",
                str(port),
                "--address",
                "127.0.0.1",
                f"--allow-websocket-origin=127.0.0.1:{port}",
                "--login-endpoint",
                LOGIN,
                "--oauth-optional",
            ],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"panel serve did not come up:\n{log_path.read_text()}")
            try:
                requests.get(f"{url}/liveness-probe", timeout=2)  # any answer means it listens
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield PanelSite(url, provider, workdir / "auth.log")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        provider.stop()


@pytest.mark.server
def test_anonymous_visit_is_a_guest(panel_site: PanelSite) -> None:
    session = requests.Session()
    page = session.get(f"{panel_site.url}/app", timeout=10)
    assert page.status_code == 200  # --oauth-optional: no redirect to the login
    assert panel_site.seen(page) == {
        "user": "guest",
        "user_info": {"user": "guest", "username": "guest"},
        "access_token": None,
    }
    assert session.cookies.get("is_guest") == "1"
    assert not SESSION_COOKIES & set(session.cookies.keys())


@pytest.mark.server
def test_login_through_the_mock_provider(panel_site: PanelSite) -> None:
    mock = panel_site.provider
    first_request = len(mock.requests)
    session = requests.Session()
    session.get(f"{panel_site.url}/app", timeout=10)  # as a guest first: the login must replace that
    to_provider, to_panel, to_app, _app_page = panel_site.login(session)

    # Panel -> provider: the authorize request Hugging Face expects.
    assert to_provider.status_code == 302
    assert to_provider.headers["Location"].startswith(f"{mock.url}/oauth/authorize?")
    authorize = parse_qs(urlsplit(to_provider.headers["Location"]).query)
    assert authorize["response_type"] == ["code"] and authorize["client_id"] == ["test-client"]
    assert authorize["redirect_uri"] == [f"{panel_site.url}{LOGIN}"]
    assert authorize["scope"] == ["openid profile"]
    # Panel's state is base64 JSON carrying where to go after the login.
    assert json.loads(base64.urlsafe_b64decode(authorize["state"][0]))["next_url"] == "/app"

    # Provider -> Panel's callback with the code and the same state.
    callback = parse_qs(urlsplit(to_panel.headers["Location"]).query)
    assert callback["state"] == authorize["state"]

    # Panel exchanged the code server-side, set its cookies and sent us on to `next`.
    assert to_app.status_code == 302 and to_app.headers["Location"] == "/app"
    assert SESSION_COOKIES <= set(session.cookies.keys()) and "is_guest" not in session.cookies
    user_cookie = session.cookies["user"].strip('"')  # tornado quotes signed values
    assert decode_signed_value(mock.cookie_secret, "user", user_cookie) == b"alice"

    token_calls = [params for method, path, params in mock.requests[first_request:] if path == "/oauth/token"]
    assert token_calls == [
        {
            "client_id": "test-client",
            "client_secret": "test-secret",
            "grant_type": "authorization_code",
            "redirect_uri": f"{panel_site.url}{LOGIN}",
            "scope": "openid profile",
            "code": callback["code"][0],
        }
    ]
    # With an id_token in the token response Panel never asks the userinfo endpoint.
    assert not any(path == "/oauth/userinfo" for _, path, _ in mock.requests[first_request:])

    seen = panel_site.seen(session.get(f"{panel_site.url}/app", timeout=10))
    assert seen["user"] == "alice"
    assert seen["user_info"]["name"] == "Alice Example" and seen["user_info"]["aud"] == "test-client"
    assert seen["access_token"] in mock.issued_tokens


@pytest.mark.server
def test_logout_clears_the_login(panel_site: PanelSite) -> None:
    session = requests.Session()
    panel_site.login(session)
    assert "user" in session.cookies
    logout = session.get(f"{panel_site.url}/logout", allow_redirects=False, timeout=10)
    assert logout.status_code == 200  # a page linking back to the login, not a redirect
    assert not SESSION_COOKIES & set(session.cookies.keys())
    assert panel_site.seen(session.get(f"{panel_site.url}/app", timeout=10))["user"] == "guest"


@pytest.mark.server
def test_login_without_id_token_uses_userinfo(panel_site: PanelSite) -> None:
    mock = panel_site.provider
    mock.issue_id_token, mock.user = False, {"sub": "u-2", "preferred_username": "bob", "name": "Bob"}
    try:
        first_request = len(mock.requests)
        session = requests.Session()
        panel_site.login(session)
        assert ("GET", "/oauth/userinfo", {}) in mock.requests[first_request:]
        seen = panel_site.seen(session.get(f"{panel_site.url}/app", timeout=10))
        # Without an id_token, user_info is exactly the userinfo answer.
        assert seen["user"] == "bob" and seen["user_info"] == mock.user
    finally:
        mock.issue_id_token, mock.user = True, dict(DEFAULT_USER)


@pytest.mark.server
def test_authorize_callback(panel_site: PanelSite) -> None:
    panel_site.auth_log.write_text("")
    guest = requests.Session()
    assert guest.get(f"{panel_site.url}/app?probe=1", timeout=10).status_code == 200
    denied = guest.get(f"{panel_site.url}/private", timeout=10)
    assert denied.status_code == 403 and "Access denied" in denied.text
    # The path carries no query string; a guest's user_info is a fixed stand-in.
    assert panel_site.callback_calls() == [
        ({"user": "guest", "username": "guest"}, "/app"),
        ({"user": "guest", "username": "guest"}, "/private"),
    ]

    session = requests.Session()
    panel_site.login(session)
    assert session.get(f"{panel_site.url}/private", timeout=10).status_code == 200
    moved = session.get(f"{panel_site.url}/moved", allow_redirects=False, timeout=10)
    assert moved.status_code == 302 and moved.headers["Location"] == "/app"
    user_info, path = panel_site.callback_calls()[-1]
    assert path == "/moved" and user_info["preferred_username"] == "alice"
