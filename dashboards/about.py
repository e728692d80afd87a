"""About: how numbers are computed, what openness and tooling mean, citing, data source."""

from __future__ import annotations

import panel as pn

from abl.live import LiveResults
from components.base import PlainText, SiteMarkdown

from .content import ABOUT
from .page import PageContent


def about_page(live: LiveResults) -> PageContent:
    source = PlainText(
        f"Results are read from {live.results.label} (config {live.results.config()}).\n{live.status_text()}\n"
        "The site checks for new results in the background and updates open pages without a reload.",
        sizing_mode="stretch_width")
    return PageContent(pn.Column(
        SiteMarkdown(ABOUT, sizing_mode="stretch_width", max_width=900),
        SiteMarkdown("## Where the data comes from"), source,
        sizing_mode="stretch_width", max_width=900,
    ))
