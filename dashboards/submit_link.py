"""The Submit entry in the navigation: where and how to submit an agent."""

from __future__ import annotations

import panel as pn

from components.base import SiteMarkdown

from .page import PageContent

TEXT = """
# Submit an agent

Run your agent on AstaBench with [agent-eval](https://github.com/allenai/agent-eval), pack the run
directory (`eval_config.json` and the Inspect `.eval` logs) as a `.tar.gz`, and submit it with the
form. You need a Hugging Face account; the form asks who you are, describes your agent and its
openness and tooling, and which split you ran.

[Open the submission form](./submit)
"""


def submit_page() -> PageContent:
    return PageContent(SiteMarkdown(TEXT, sizing_mode="stretch_width", max_width=900))
