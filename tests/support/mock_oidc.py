"""A local stand-in for the Hugging Face Hub's OpenID Connect provider.

It serves, on 127.0.0.1, the few endpoints that Panel's `generic` OAuth provider
talks to, so tests can run the real login flow of
`panel serve --oauth-provider generic` without the live Hub:

- `GET /oauth/authorize`: checks client_id, redirect_uri, response_type=code and
  that `openid` is among the scopes, then at once 302s back to redirect_uri with a
  fresh `code` and the caller's `state`. There is no consent page: the user who
  "logs in" is whoever `MockOIDCProvider.user` is at that moment.
- `POST /oauth/token`: grant_type=authorization_code only. The client may send its
  credentials in the form (client_secret_post, what Panel does) or as HTTP Basic
  (client_secret_basic). A code works once, for the client and redirect_uri it was
  issued to. Answers access_token, token_type, expires_in, scope and an `id_token`.
- `GET /oauth/userinfo`: `Authorization: Bearer <access_token>` -> the user's claims.
- `GET /.well-known/openid-configuration`: the discovery document.

The id_token is a JWT signed with HS256 keyed by the client secret (the OIDC rule
for symmetric signing). Panel never checks the signature, it only base64-decodes
the payload, but a real signature keeps the token honest for any other reader.

Errors are the JSON bodies of RFC 6749 section 5.2 / RFC 6750 section 3:
`{"error": ..., "error_description": ...}` with 400 or 401.

Not modelled: refresh tokens, PKCE, consent, nonce/max_age/prompt handling beyond
echoing `nonce` into the id_token, token revocation, JWKS (HS256 needs none), the
Hub's own API (`/api/whoami-v2`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import pytest

DEFAULT_USER: dict[str, Any] = {
    "sub": "u-1",
    "preferred_username": "alice",
    "name": "Alice Example",
    "picture": "https://example.com/a.png",
}
SCOPES_SUPPORTED = ["openid", "profile"]
CODE_LIFETIME_S = 60
TOKEN_LIFETIME_S = 3600


@dataclass(frozen=True)
class CodeGrant:
    """What an authorization code stands for, fixed when /oauth/authorize issued it."""

    client_id: str
    redirect_uri: str
    scope: str
    claims: dict[str, Any]  # a copy of the user at authorize time
    nonce: str | None
    expires_at: float


@dataclass(frozen=True)
class TokenGrant:
    """What an access token stands for."""

    client_id: str
    scope: str
    claims: dict[str, Any]
    expires_at: float


class OAuthError(Exception):
    """An error answered as OAuth JSON: status, `error` code, description, extra headers."""

    def __init__(self, status: int, error: str, description: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description
        self.headers = headers or {}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_hs256_jwt(claims: dict[str, Any], key: str) -> str:
    """A compact JWS: base64url(header).base64url(claims).base64url(HMAC-SHA256)."""
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = ".".join(_b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims))
    signature = hmac.new(key.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(signature)}"


def decode_jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT, unverified (tests use it to look inside the id_token)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def fernet_key() -> str:
    """A key in Fernet's format (32 random bytes, url-safe base64), made without `cryptography`."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def _with_query(url: str, params: dict[str, str]) -> str:
    # Keep any query the registered redirect_uri already has (RFC 6749 section 3.1.2).
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit(parts._replace(query=query))


class MockOIDCProvider:
    """A Hugging Face-like OIDC provider on 127.0.0.1 in a background thread.

    `user` is who logs in; tests may change it between logins (each code and token
    keeps a copy of the claims it was issued for). `redirect_uris` is the set of
    registered callback URLs; while it is empty any absolute http(s) URL is allowed.
    """

    def __init__(self, client_id: str = "test-client", client_secret: str = "test-secret", user: dict | None = None):
        self.client_id = client_id
        self.client_secret = client_secret
        self.user: dict[str, Any] = dict(DEFAULT_USER if user is None else user)
        self.redirect_uris: set[str] = set()
        # Hugging Face returns an id_token when `openid` is asked for; turning this off
        # makes Panel fall back to the userinfo endpoint.
        self.issue_id_token = True
        self.requests: list[tuple[str, str, dict]] = []
        self.issued_codes: dict[str, CodeGrant] = {}  # live (unused, maybe expired) codes
        self.used_codes: set[str] = set()
        self.issued_tokens: dict[str, TokenGrant] = {}
        # Secrets for the Panel side, fixed per provider so tests can check Panel's signed cookies.
        self.cookie_secret = secrets.token_urlsafe(32)
        self.encryption_key = fernet_key()
        self.url = ""
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> str:
        """Serve on a free port of 127.0.0.1; returns the base URL (Hugging Face's OPENID_PROVIDER_URL)."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.provider = self  # type: ignore[attr-defined]  # how the handler finds us
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="mock-oidc", daemon=True
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> MockOIDCProvider:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- configuration for the code under test ---------------------------------------

    @property
    def authorize_url(self) -> str:
        return f"{self.url}/oauth/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token"

    @property
    def userinfo_url(self) -> str:
        return f"{self.url}/oauth/userinfo"

    def panel_env(self, redirect_uri: str, encryption: bool | None = None) -> dict[str, str]:
        """Environment for a `panel serve` that logs in here (and registers `redirect_uri`).

        The serve command also needs `--login-endpoint` set to redirect_uri's path,
        and must NOT get `--oauth-provider` (Panel refuses it alongside the env var).
        `encryption=None` sets PANEL_OAUTH_ENCRYPTION only when `cryptography` can be
        imported: Panel raises ImportError at start-up with a key but without it.
        """
        self.redirect_uris.add(redirect_uri)
        if encryption is None:
            encryption = importlib.util.find_spec("cryptography") is not None
        env = {
            "OPENID_PROVIDER_URL": self.url,  # what a Space gets; Panel ignores it
            "PANEL_OAUTH_PROVIDER": "generic",
            "PANEL_OAUTH_KEY": self.client_id,
            "PANEL_OAUTH_SECRET": self.client_secret,
            "PANEL_OAUTH_AUTHORIZE_URL": self.authorize_url,
            "PANEL_OAUTH_TOKEN_URL": self.token_url,
            "PANEL_OAUTH_USER_URL": self.userinfo_url,
            # Comma separated: Panel splits on "," and joins with " " for the Hub.
            "PANEL_OAUTH_SCOPE": ",".join(SCOPES_SUPPORTED),
            # The generic provider's default user key is `email`, which these scopes don't give.
            "PANEL_OAUTH_JWT_USER": "preferred_username",
            # Without it Panel sends the server root as redirect_uri, not the login endpoint.
            "PANEL_OAUTH_REDIRECT_URI": redirect_uri,
            "PANEL_COOKIE_SECRET": self.cookie_secret,
        }
        if encryption:
            env["PANEL_OAUTH_ENCRYPTION"] = self.encryption_key
        return env

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": self.authorize_url,
            "token_endpoint": self.token_url,
            "userinfo_endpoint": self.userinfo_url,
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["HS256"],
            "scopes_supported": SCOPES_SUPPORTED,
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "claims_supported": ["sub", "preferred_username", "name", "picture", "profile", "iss", "aud", "iat", "exp"],
        }

    # -- endpoints (called by the handler; raise OAuthError to answer an error) ------------

    def authorize(self, params: dict[str, str]) -> str:
        """The URL to redirect the browser to."""
        # A bad client or redirect_uri must not redirect (it could be an open redirector),
        # so those errors go to the browser; later errors go back to the client.
        if params.get("client_id") != self.client_id:
            raise OAuthError(400, "invalid_client", "unknown client_id")
        redirect_uri = params.get("redirect_uri", "")
        if not self._redirect_allowed(redirect_uri):
            raise OAuthError(400, "invalid_request", f"redirect_uri not registered: {redirect_uri!r}")
        back = {"state": params["state"]} if "state" in params else {}
        if params.get("response_type") != "code":
            return _with_query(redirect_uri, {"error": "unsupported_response_type", **back})
        scope = params.get("scope", "")
        if "openid" not in scope.split():
            return _with_query(redirect_uri, {"error": "invalid_scope", "error_description": "openid required", **back})
        code = secrets.token_urlsafe(24)
        with self._lock:
            self.issued_codes[code] = CodeGrant(
                client_id=self.client_id,
                redirect_uri=redirect_uri,
                scope=scope,
                claims=dict(self.user),
                nonce=params.get("nonce"),
                expires_at=time.time() + CODE_LIFETIME_S,
            )
        return _with_query(redirect_uri, {"code": code, **back})

    def token(self, form: dict[str, str], authorization: str | None) -> dict[str, Any]:
        client_id, client_secret = _client_credentials(form, authorization)
        if client_id != self.client_id or not hmac.compare_digest(client_secret or "", self.client_secret):
            raise OAuthError(
                401, "invalid_client", "client authentication failed", {"WWW-Authenticate": 'Basic realm="mock-oidc"'}
            )
        if form.get("grant_type") != "authorization_code":
            raise OAuthError(400, "unsupported_grant_type", f"grant_type {form.get('grant_type')!r}")
        code = form.get("code", "")
        with self._lock:
            # Popped before any other check: a code is spent by its first use, good or bad.
            grant = self.issued_codes.pop(code, None)
            reused = code in self.used_codes
            self.used_codes.add(code)
        if grant is None:
            raise OAuthError(400, "invalid_grant", "authorization code already used" if reused else "unknown code")
        if time.time() > grant.expires_at:
            raise OAuthError(400, "invalid_grant", "authorization code expired")
        if grant.client_id != client_id:
            raise OAuthError(400, "invalid_grant", "code was issued to another client")
        if form.get("redirect_uri") != grant.redirect_uri:
            raise OAuthError(400, "invalid_grant", "redirect_uri does not match the authorization request")

        now = int(time.time())
        access_token = "hf_oauth_" + secrets.token_urlsafe(24)  # opaque, prefixed like the Hub's
        with self._lock:
            self.issued_tokens[access_token] = TokenGrant(client_id, grant.scope, grant.claims, now + TOKEN_LIFETIME_S)
        body: dict[str, Any] = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME_S,
            "scope": grant.scope,
        }
        if self.issue_id_token:
            claims = {**grant.claims, "iss": self.url, "aud": client_id, "iat": now, "exp": now + TOKEN_LIFETIME_S}
            if grant.nonce:
                claims["nonce"] = grant.nonce
            body["id_token"] = sign_hs256_jwt(claims, self.client_secret)
        return body

    def userinfo(self, authorization: str | None) -> dict[str, Any]:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise OAuthError(401, "invalid_request", "missing bearer token", {"WWW-Authenticate": "Bearer"})
        with self._lock:
            grant = self.issued_tokens.get(token.strip())
        if grant is None or time.time() > grant.expires_at:
            raise OAuthError(
                401,
                "invalid_token",
                "unknown or expired access token",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return dict(grant.claims)

    def _redirect_allowed(self, uri: str) -> bool:
        if self.redirect_uris:
            return uri in self.redirect_uris
        parts = urlsplit(uri)
        return parts.scheme in ("http", "https") and bool(parts.netloc)


def _client_credentials(form: dict[str, str], authorization: str | None) -> tuple[str | None, str | None]:
    """client_secret_basic if an Authorization header is sent, else client_secret_post."""
    scheme, _, value = (authorization or "").partition(" ")
    if scheme.lower() == "basic":
        try:
            user, _, password = base64.b64decode(value).decode("utf-8").partition(":")
        except ValueError:
            raise OAuthError(401, "invalid_client", "malformed Basic credentials") from None
        # RFC 6749 section 2.3.1: both parts are form-urlencoded before being joined.
        return unquote(user.replace("+", " ")), unquote(password.replace("+", " "))
    return form.get("client_id"), form.get("client_secret")


class _Handler(BaseHTTPRequestHandler):
    server_version = "MockOIDC/1.0"

    @property
    def provider(self) -> MockOIDCProvider:
        return self.server.provider  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            params.update(parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
        self.provider.requests.append((method, url.path, params))
        authorization = self.headers.get("Authorization")
        route = (method, url.path)
        try:
            if route == ("GET", "/oauth/authorize"):
                self._send(302, b"", {"Location": self.provider.authorize(params)})
            elif route == ("POST", "/oauth/token"):
                # Token responses must not be cached (RFC 6749 section 5.1).
                self._json(200, self.provider.token(params, authorization), {"Cache-Control": "no-store"})
            elif url.path == "/oauth/userinfo" and method in ("GET", "POST"):
                self._json(200, self.provider.userinfo(authorization))
            elif route == ("GET", "/.well-known/openid-configuration"):
                self._json(200, self.provider.discovery())
            else:
                self._json(404, {"error": "not_found", "error_description": f"{method} {url.path}"})
        except OAuthError as e:
            self._json(e.status, {"error": e.error, "error_description": e.description}, e.headers)

    def _json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the `requests` log is the record; keep test output quiet


@pytest.fixture
def mock_oidc() -> Iterator[MockOIDCProvider]:
    """A started MockOIDCProvider, stopped after the test."""
    provider = MockOIDCProvider()
    provider.start()
    yield provider
    provider.stop()
