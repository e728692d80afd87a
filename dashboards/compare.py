"""Compare 2-4 agents side by side."""

from __future__ import annotations

import panel as pn

from abl.model import Leaderboard
from components.base import SiteMarkdown
from components.compare import CompareView

from .page import PageContent


def compare_page(model: Leaderboard) -> PageContent:
    view = CompareView(model)
    intro = SiteMarkdown(
        "# Compare agents\n\nScores (±95% CI) and mean cost per problem of 2-4 agents in every category "
        "and benchmark of the current split and coverage mode.",
        sizing_mode="stretch_width",
    )
    return PageContent(pn.Column(intro, view, sizing_mode="stretch_width"), [view])
