"""Login settings for `panel serve`: Hugging Face OAuth on a Space, or basic auth locally.

A Space with `hf_oauth: true` injects OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPES,
OPENID_PROVIDER_URL and SPACE_HOST; the cookie secret and the token encryption key come from
Space secrets (PANEL_COOKIE_SECRET, PANEL_OAUTH_ENCRYPTION). `panel serve` itself only insists
on the cookie secret and would start without the rest and fail at the first login, so every
required setting is checked here, before the server starts.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

LOGIN_CALLBACK = "/login/callback"  # one of the redirect paths Spaces allow by default
HF_REQUIRED = ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OPENID_PROVIDER_URL", "SPACE_HOST",
               "PANEL_COOKIE_SECRET", "PANEL_OAUTH_ENCRYPTION")


class AuthConfigError(RuntimeError):
    """The environment lacks what the chosen login needs; the message lists it."""


def huggingface_oauth_env(env: Mapping[str, str]) -> dict[str, str]:
    """The PANEL_* settings of Panel's generic OAuth provider, mapped from a Space's variables."""
    missing = [name for name in HF_REQUIRED if not env.get(name, "").strip()]
    if missing:
        raise AuthConfigError(
            "Hugging Face login needs these environment variables, which are not set: " + ", ".join(missing)
            + ". On a Space, set `hf_oauth: true` in the README front matter (it provides the OAUTH_* ones, "
              "OPENID_PROVIDER_URL and SPACE_HOST) and add PANEL_COOKIE_SECRET and PANEL_OAUTH_ENCRYPTION as "
              "secrets (`panel oauth-secret` prints a key for each). See docs/deploy.md.")
    provider = env["OPENID_PROVIDER_URL"].strip().rstrip("/")
    host = env["SPACE_HOST"].strip().rstrip("/")
    scheme = "http" if host.startswith(("127.0.0.1", "localhost")) else "https"
    return {
        "PANEL_OAUTH_PROVIDER": "generic",
        "PANEL_OAUTH_KEY": env["OAUTH_CLIENT_ID"].strip(),
        "PANEL_OAUTH_SECRET": env["OAUTH_CLIENT_SECRET"].strip(),
        "PANEL_OAUTH_AUTHORIZE_URL": f"{provider}/oauth/authorize",
        "PANEL_OAUTH_TOKEN_URL": f"{provider}/oauth/token",
        "PANEL_OAUTH_USER_URL": f"{provider}/oauth/userinfo",
        # Panel's default scope adds email and offline_access, which a Space does not grant.
        "PANEL_OAUTH_SCOPE": "openid,profile",
        "PANEL_OAUTH_JWT_USER": "preferred_username",
        "PANEL_OAUTH_REDIRECT_URI": f"{scheme}://{host}{LOGIN_CALLBACK}",
        "PANEL_COOKIE_SECRET": env["PANEL_COOKIE_SECRET"].strip(),
        "PANEL_OAUTH_ENCRYPTION": env["PANEL_OAUTH_ENCRYPTION"].strip(),
    }


def auth_arguments(mode: str, env: Mapping[str, str], basic_password: str | None = None) -> tuple[list[str], dict[str, str]]:
    """(`panel serve` arguments, environment additions) for a login mode: none, basic, huggingface.

    Everyone may browse; only /submit asks for a login (see deploy/server_setup.py).
    """
    if mode == "none":
        return [], {}
    if mode == "basic":
        if not basic_password:
            raise AuthConfigError("basic auth needs a password: python app.py --basic-auth PASSWORD")
        cookie = env.get("PANEL_COOKIE_SECRET", "").strip() or secrets.token_urlsafe(32)
        return ["--basic-auth", basic_password, "--cookie-secret", cookie, "--oauth-optional"], {}
    if mode == "huggingface":
        return ["--login-endpoint", LOGIN_CALLBACK, "--oauth-optional"], huggingface_oauth_env(env)
    raise AuthConfigError(f"unknown login mode '{mode}': use none, basic or huggingface")
