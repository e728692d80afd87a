"""Login settings and access rules of the served site."""

import subprocess
import sys
from pathlib import Path

import pytest

from dashboards.access import authorize
from deploy.auth import AuthConfigError, auth_options, huggingface_oauth
from deploy.start import allowed_origins, server_options

ROOT = Path(__file__).resolve().parent.parent
SPACE = {
    "OAUTH_CLIENT_ID": "cid",
    "OAUTH_CLIENT_SECRET": "csecret",
    "OAUTH_SCOPES": "openid profile",
    "OPENID_PROVIDER_URL": "https://huggingface.co/",
    "SPACE_HOST": "allenai-asta-bench-leaderboard.hf.space",
    "PANEL_COOKIE_SECRET": "cookie",
    "PANEL_OAUTH_ENCRYPTION": "fernet-key",
}


def test_space_variables_map_to_panels_generic_provider():
    options = huggingface_oauth(SPACE)
    assert options == {
        "oauth_provider": "generic",
        "oauth_key": "cid",
        "oauth_secret": "csecret",
        "oauth_extra_params": {
            "AUTHORIZE_URL": "https://huggingface.co/oauth/authorize",
            "TOKEN_URL": "https://huggingface.co/oauth/token",
            "USER_URL": "https://huggingface.co/oauth/userinfo",
            "scope": ["openid", "profile"],
        },
        "oauth_jwt_user": "preferred_username",
        "oauth_redirect_uri": "https://allenai-asta-bench-leaderboard.hf.space/login/callback",
        "cookie_secret": "cookie",
        "oauth_encryption_key": "fernet-key",
        "login_endpoint": "/login/callback",
        "oauth_optional": True,
    }
    assert auth_options("huggingface", SPACE) == options


@pytest.mark.parametrize(
    "missing",
    [
        "OAUTH_CLIENT_ID",
        "OAUTH_CLIENT_SECRET",
        "OPENID_PROVIDER_URL",
        "SPACE_HOST",
        "PANEL_COOKIE_SECRET",
        "PANEL_OAUTH_ENCRYPTION",
    ],
)
def test_missing_settings_are_named(missing):
    with pytest.raises(AuthConfigError, match=missing):
        huggingface_oauth({k: v for k, v in SPACE.items() if k != missing})


def test_basic_auth_takes_its_password_from_the_environment():
    options = auth_options("basic", {"ABL_BASIC_AUTH_PASSWORD": "pw"})
    assert options["basic_auth"] == "pw" and options["oauth_optional"] is True and len(options["cookie_secret"]) >= 32
    with pytest.raises(AuthConfigError, match="ABL_BASIC_AUTH_PASSWORD"):
        auth_options("basic", {})
    assert auth_options("none", {}) == {}


def test_server_options_compress_and_free_closed_sessions():
    options = server_options(7860, "0.0.0.0", {}, {})
    assert options["compress_response"] is True  # gzip for HTTP, a Tornado setting
    assert options["unused_session_lifetime_milliseconds"] <= 15_000
    assert options["check_unused_sessions_milliseconds"] <= 5_000


def test_websockets_only_from_configured_origins():
    assert allowed_origins({}, 7860) == ["localhost:7860", "127.0.0.1:7860"]
    assert allowed_origins({"SPACE_HOST": "x-y.hf.space"}, 7860) == ["x-y.hf.space"]
    assert allowed_origins({"ABL_ALLOWED_ORIGINS": "a.org, b.org:8080"}, 7860) == ["a.org", "b.org:8080"]


@pytest.mark.slow
def test_start_refuses_without_the_space_settings():
    env = {"PATH": "/usr/bin:/bin", "OAUTH_CLIENT_ID": "cid", "HOME": "/tmp"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "--port", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "cannot start" in proc.stderr and "OAUTH_CLIENT_SECRET" in proc.stderr and "docs/deploy.md" in proc.stderr


def test_start_refuses_an_unusable_setting_naming_it(monkeypatch, capsys):
    from deploy import start

    monkeypatch.setenv("ABL_REFRESH_SECONDS", "soon")
    assert start.main(["--port", "0"]) == 2
    assert capsys.readouterr().err.strip() == (
        "python app.py: cannot start: ABL_REFRESH_SECONDS must be a non-negative whole number, not 'soon'"
    )


def test_only_the_submit_page_needs_a_login():
    guest = {"user": "guest", "username": "guest"}
    assert authorize(guest, "/") is True
    assert authorize(guest, "/app") is True
    assert authorize(None, "/submit") == "/login?next=/submit"
    assert authorize(guest, "/submit") == "/login?next=/submit"
    assert authorize({"preferred_username": "alice", "user": "alice"}, "/submit") is True
    assert authorize(guest, "/submitted-elsewhere") is True
