"""Shared fixtures: local stand-ins of the Hugging Face Hub and of its OpenID provider
(tests never reach the real ones)."""

from tests.support.fake_hub import fake_hub  # noqa: F401  (a fixture)
from tests.support.mock_oidc import mock_oidc  # noqa: F401  (a fixture)
