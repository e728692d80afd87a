"""Shared fixtures: local stand-ins of the Hugging Face Hub and of its OpenID provider
(tests never reach the real ones), and genuine agent-eval runs made with the mock model."""

import os

# litellm (under agent-eval) downloads a price table when imported, unless told to use its own.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from tests.support.agent_eval_runs import agent_eval_runs  # noqa: F401  (a fixture)
from tests.support.fake_hub import fake_hub  # noqa: F401  (a fixture)
from tests.support.mock_oidc import mock_oidc  # noqa: F401  (a fixture)
