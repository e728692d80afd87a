from abl.settings import SAMPLE_PREFIX, Settings


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
