"""Shared fixtures: a local stand-in of the Hugging Face Hub (tests never reach the real one)."""

from tests.support.fake_hub import fake_hub  # noqa: F401  (a fixture)
