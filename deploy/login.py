"""Panel's login providers with the hygiene a public site needs.

- Login cookies carry `SameSite=Lax` (never sent with cross-site sub-requests or form posts,
  still sent when the OAuth provider redirects back) and `Secure` when the page was served
  over https (directly, or behind a proxy that says so in X-Forwarded-Proto, as on a Space).
- Basic auth compares passwords in constant time and throttles failures per client address:
  after `MAX_FAILURES` wrong passwords within `FAILURE_WINDOW` seconds, that address gets
  HTTP 429 until the oldest failure leaves the window.

The providers are Panel's public `BasicAuthProvider` / `OAuthProvider` classes, handed to
`pn.serve(auth_provider=...)`; only the login handler they return is ours.
"""

from __future__ import annotations

import hmac
import time
from typing import Any

import tornado.web
from panel.auth import BasicAuthProvider, BasicLoginHandler, OAuthProvider
from panel.config import config

from abl.sliding_window import SlidingWindow

MAX_FAILURES = 5
FAILURE_WINDOW = 300.0  # seconds


def served_over_https(request: Any) -> bool:
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.protocol == "https" or forwarded == "https"


class CookieFlags(tornado.web.RequestHandler):
    """Every cookie this handler sets gets SameSite=Lax, and Secure over https."""

    def set_cookie(self, name: str, value: str | bytes, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("samesite", "Lax")
        if served_over_https(self.request):
            kwargs.setdefault("secure", True)
        super().set_cookie(name, value, *args, **kwargs)


class LoginThrottle:
    """Failed logins per client address in a sliding window (in this process)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = FAILURE_WINDOW):
        self._failures = SlidingWindow(max_failures, window)

    def wait_seconds(self, client: str, now: float | None = None) -> float:
        """0 when `client` may try; otherwise how long until it may."""
        return self._failures.wait(client, time.monotonic() if now is None else now)

    def failed(self, client: str, now: float | None = None) -> None:
        self._failures.add(client, time.monotonic() if now is None else now)


class ThrottledBasicLogin(CookieFlags, BasicLoginHandler):
    password: str = ""
    throttle: LoginThrottle = LoginThrottle()

    def _validate(self, username: str, password: str) -> bool:
        return bool(username) and hmac.compare_digest(password.encode(), self.password.encode())

    def post(self) -> None:
        client = self.request.remote_ip or "unknown"
        wait = self.throttle.wait_seconds(client)
        if wait > 0:
            self.set_status(429)
            self.set_header("Retry-After", str(int(wait) + 1))
            self.finish(f"<p>Too many failed logins from your address. Try again in {int(wait) + 1} seconds.</p>")
            return
        if not self._validate(self.get_argument("username", ""), self.get_argument("password", "")):
            self.throttle.failed(client)
        super().post()


class BasicLogin(BasicAuthProvider):
    """Panel's basic-auth pages, with the password check above."""

    def __init__(self, password: str, throttle: LoginThrottle | None = None, **kwargs: Any):
        self._settings = {"password": password, "throttle": throttle or LoginThrottle()}
        super().__init__(**kwargs)

    @property
    def login_handler(self) -> type[tornado.web.RequestHandler]:
        # Built on each use, like Panel's: Bokeh asks while the server is set up.
        return type(
            "BasicLoginHandler",
            (ThrottledBasicLogin,),
            {**self._settings, "_login_endpoint": self._login_endpoint, "_login_template": self._login_template},
        )


class HubLogin(OAuthProvider):
    """Panel's generic OAuth provider (configured for the Hub), with the cookie flags above."""

    def __init__(self, **kwargs: Any):
        config.oauth_provider = "generic"
        super().__init__(**kwargs)

    @property
    def login_handler(self) -> type[tornado.web.RequestHandler]:
        generic = super().login_handler  # Panel's handler, configured with our endpoint and templates
        return type(generic.__name__, (CookieFlags, generic), {})


def login_provider(options: dict[str, Any]) -> dict[str, Any]:
    """`pn.serve` options with Panel's provider switches (`basic_auth`, `oauth_provider`) replaced
    by an `auth_provider` instance of the classes above."""
    options = dict(options)
    endpoint = {"login_endpoint": options.get("login_endpoint")}
    if "basic_auth" in options:
        options["auth_provider"] = BasicLogin(options.pop("basic_auth"), **endpoint)
    elif "oauth_provider" in options:
        options.pop("oauth_provider")
        options["auth_provider"] = HubLogin(**endpoint)
    return options
