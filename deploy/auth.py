"""Login settings for the served site: Hugging Face OAuth on a Space, or basic auth locally.

A Space with `hf_oauth: true` injects OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_SCOPES,
OPENID_PROVIDER_URL and SPACE_HOST; the cookie secret and the token encryption key come from
Space secrets (PANEL_COOKIE_SECRET, PANEL_OAUTH_ENCRYPTION). Panel itself would start without
most of them and fail at the first login, so every required setting is checked here, before
the server starts. Secrets travel from the environment to `pn.serve` keyword arguments inside
the process: never on a command line, where `ps` would show them.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

LOGIN_CALLBACK = "/login/callback"  # one of the redirect paths Spaces allow by default
HF_REQUIRED = (
    "OAUTH_CLIENT_ID",
    "OAUTH_CLIENT_SECRET",
    "OPENID_PROVIDER_URL",
    "SPACE_HOST",
    "PANEL_COOKIE_SECRET",
    "PANEL_OAUTH_ENCRYPTION",
)
BASIC_PASSWORD = "ABL_BASIC_AUTH_PASSWORD"
MODES = ("none", "basic", "huggingface")


class AuthConfigError(RuntimeError):
    """The environment lacks what the chosen login needs; the message lists it."""


def _value(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def huggingface_oauth(env: Mapping[str, str]) -> dict[str, Any]:
    """`pn.serve` keyword arguments for Panel's generic OAuth provider, from a Space's variables."""
    missing = [name for name in HF_REQUIRED if not _value(env, name)]
    if missing:
        raise AuthConfigError(
            "Hugging Face login needs these environment variables, which are not set: "
            + ", ".join(missing)
            + ". On a Space, set `hf_oauth: true` in the README front matter (it provides the OAUTH_* ones, "
            "OPENID_PROVIDER_URL and SPACE_HOST) and add PANEL_COOKIE_SECRET and PANEL_OAUTH_ENCRYPTION as "
            "secrets (`panel oauth-secret` prints a key for each). See docs/deploy.md."
        )
    provider = _value(env, "OPENID_PROVIDER_URL").rstrip("/")
    host = _value(env, "SPACE_HOST").rstrip("/")
    scheme = "http" if host.startswith(("127.0.0.1", "localhost")) else "https"
    return {
        "oauth_provider": "generic",
        "oauth_key": _value(env, "OAUTH_CLIENT_ID"),
        "oauth_secret": _value(env, "OAUTH_CLIENT_SECRET"),
        "oauth_extra_params": {
            "AUTHORIZE_URL": f"{provider}/oauth/authorize",
            "TOKEN_URL": f"{provider}/oauth/token",
            "USER_URL": f"{provider}/oauth/userinfo",
            # Panel's default scope adds email and offline_access, which a Space does not grant.
            "scope": ["openid", "profile"],
        },
        "oauth_jwt_user": "preferred_username",
        "oauth_redirect_uri": f"{scheme}://{host}{LOGIN_CALLBACK}",
        "cookie_secret": _value(env, "PANEL_COOKIE_SECRET"),
        "oauth_encryption_key": _value(env, "PANEL_OAUTH_ENCRYPTION"),
        "login_endpoint": LOGIN_CALLBACK,
        "oauth_optional": True,
    }


def auth_options(mode: str, env: Mapping[str, str]) -> dict[str, Any]:
    """`pn.serve` keyword arguments of a login mode: none, basic or huggingface.

    Everyone may browse; only /submit asks for a login (see deploy/access.py).
    """
    if mode == "none":
        return {}
    if mode == "basic":
        password = _value(env, BASIC_PASSWORD)
        if not password:
            raise AuthConfigError(
                f"basic auth needs a password in the environment: {BASIC_PASSWORD}=... python app.py --auth basic"
            )
        return {
            "basic_auth": password,
            "cookie_secret": _value(env, "PANEL_COOKIE_SECRET") or secrets.token_urlsafe(32),
            "oauth_optional": True,
        }
    if mode == "huggingface":
        return huggingface_oauth(env)
    raise AuthConfigError(f"unknown login mode '{mode}': use one of {', '.join(MODES)}")


def default_mode(env: Mapping[str, str]) -> str:
    """Hugging Face on a Space, basic auth when its password is set, else none."""
    if _value(env, "OAUTH_CLIENT_ID"):
        return "huggingface"
    return "basic" if _value(env, BASIC_PASSWORD) else "none"
