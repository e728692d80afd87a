import pytest

from abl.settings import SAMPLE_PREFIX, Settings, SettingsError


def test_nothing_set_means_the_embedded_sample():
    s = Settings.from_env({})
    assert s.is_local and not s.internal and s.config is None
    assert s.dataset_location("results") == str(SAMPLE_PREFIX / "asta-bench-results")


def test_hub_namespace_and_internal_names():
    s = Settings.from_env({"ABL_DATASET_PREFIX": "allenai", "IS_INTERNAL": "true", "HF_CONFIG": "1.0.0"})
    assert not s.is_local and s.internal and s.config == "1.0.0"
    assert s.dataset_location("results") == "allenai/asta-bench-internal-results"
    assert s.dataset_location("submissions") == "allenai/asta-bench-internal-submissions"
    assert s.dataset_location("contact-info") == "allenai/asta-bench-internal-contact-info"


def test_public_mode_keeps_contact_info_internal(tmp_path):
    s = Settings.from_env({"ABL_DATASET_PREFIX": str(tmp_path), "IS_INTERNAL": "no"})
    assert s.is_local and not s.internal
    assert s.dataset_location("results") == str(tmp_path / "asta-bench-results")
    assert s.dataset_location("contact-info") == str(tmp_path / "asta-bench-internal-contact-info")


def test_every_setting_has_a_default():
    s = Settings.from_env({})
    assert (s.refresh_seconds, s.max_upload_mb, s.archive_max_files, s.score_timeout_s, s.port) == (
        300,
        1024,
        10_000,
        900.0,
        7860,
    )
    assert s.reviewers == () and s.allowed_origins == () and s.review_webhook_url is None
    assert not s.allow_affected_python


def test_values_are_read_and_trimmed():
    s = Settings.from_env(
        {
            "ABL_REFRESH_SECONDS": " 0 ",
            "ABL_REVIEWERS": "rita,org:allenai",
            "PORT": "8080",
            "ABL_ALLOWED_ORIGINS": "a.org, b.org:8080",
            "ABL_ALLOW_AFFECTED_PYTHON": "1",
            "ABL_REVIEW_WEBHOOK_URL": "https://hooks.example.org/x",
            "ABL_SCORE_TIMEOUT_S": "60.5",
        }
    )
    assert (s.refresh_seconds, s.port, s.score_timeout_s, s.allow_affected_python) == (0, 8080, 60.5, True)
    assert s.reviewers == ("rita", "org:allenai") and s.allowed_origins == ("a.org", "b.org:8080")
    assert s.review_webhook_url == "https://hooks.example.org/x"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("IS_INTERNAL", "maybe"),
        ("ABL_REFRESH_SECONDS", "-1"),
        ("ABL_REFRESH_SECONDS", "soon"),
        ("ABL_MAX_UPLOAD_MB", "0"),
        ("ABL_ARCHIVE_MAX_BYTES", "5GB"),
        ("ABL_ARCHIVE_MAX_FILES", "2.5"),
        ("ABL_ARCHIVE_MAX_RATIO", "nan"),
        ("ABL_REVIEW_WEBHOOK_URL", "file:///etc/passwd"),
        ("ABL_REVIEWERS", "rita, bob smith"),
        ("ABL_SCORE_TIMEOUT_S", "100000"),
        ("ABL_ALLOWED_ORIGINS", "https://a.org/"),
        ("ABL_ALLOW_AFFECTED_PYTHON", "please"),
        ("PORT", "http"),
    ],
)
def test_an_unusable_value_is_an_error_naming_the_variable(name, value):
    with pytest.raises(SettingsError, match=f"^{name}"):
        Settings.from_env({name: value})
