"""Login settings and access rules of the served site."""

import subprocess
import sys
from pathlib import Path

import pytest

from deploy.access import authorize
from deploy.auth import AuthConfigError, auth_arguments, huggingface_oauth_env

ROOT = Path(__file__).resolve().parent.parent
SPACE = {
    "OAUTH_CLIENT_ID": "cid", "OAUTH_CLIENT_SECRET": "csecret", "OAUTH_SCOPES": "openid profile",
    "OPENID_PROVIDER_URL": "https://huggingface.co/", "SPACE_HOST": "allenai-asta-bench-leaderboard.hf.space",
    "PANEL_COOKIE_SECRET": "cookie", "PANEL_OAUTH_ENCRYPTION": "fernet-key",
}


def test_space_variables_map_to_panels_generic_provider():
    env = huggingface_oauth_env(SPACE)
    assert env == {
        "PANEL_OAUTH_PROVIDER": "generic", "PANEL_OAUTH_KEY": "cid", "PANEL_OAUTH_SECRET": "csecret",
        "PANEL_OAUTH_AUTHORIZE_URL": "https://huggingface.co/oauth/authorize",
        "PANEL_OAUTH_TOKEN_URL": "https://huggingface.co/oauth/token",
        "PANEL_OAUTH_USER_URL": "https://huggingface.co/oauth/userinfo",
        "PANEL_OAUTH_SCOPE": "openid,profile", "PANEL_OAUTH_JWT_USER": "preferred_username",
        "PANEL_OAUTH_REDIRECT_URI": "https://allenai-asta-bench-leaderboard.hf.space/login/callback",
        "PANEL_COOKIE_SECRET": "cookie", "PANEL_OAUTH_ENCRYPTION": "fernet-key",
    }
    args, _ = auth_arguments("huggingface", SPACE)
    assert args == ["--login-endpoint", "/login/callback", "--oauth-optional"]


@pytest.mark.parametrize("missing", ["OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OPENID_PROVIDER_URL", "SPACE_HOST",
                                     "PANEL_COOKIE_SECRET", "PANEL_OAUTH_ENCRYPTION"])
def test_missing_settings_are_named(missing):
    with pytest.raises(AuthConfigError, match=missing):
        huggingface_oauth_env({k: v for k, v in SPACE.items() if k != missing})


def test_basic_auth_arguments():
    args, env = auth_arguments("basic", {}, "pw")
    assert args[:2] == ["--basic-auth", "pw"] and "--oauth-optional" in args and "--cookie-secret" in args
    with pytest.raises(AuthConfigError, match="password"):
        auth_arguments("basic", {}, None)
    assert auth_arguments("none", {}) == ([], {})


def test_start_refuses_without_the_space_settings():
    env = {"PATH": "/usr/bin:/bin", "OAUTH_CLIENT_ID": "cid", "HOME": "/tmp"}
    proc = subprocess.run([sys.executable, str(ROOT / "app.py"), "--port", "0"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "cannot start" in proc.stderr and "OAUTH_CLIENT_SECRET" in proc.stderr and "docs/deploy.md" in proc.stderr


def test_only_the_submit_page_needs_a_login():
    guest = {"user": "guest", "username": "guest"}
    assert authorize(guest, "/") is True
    assert authorize(guest, "/app") is True
    assert authorize(None, "/submit") == "/login?next=/submit"
    assert authorize(guest, "/submit") == "/login?next=/submit"
    assert authorize({"preferred_username": "alice", "user": "alice"}, "/submit") is True
    assert authorize(guest, "/submitted-elsewhere") is True
