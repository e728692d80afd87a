"""About: how numbers are computed, what openness and tooling mean, citing, data source."""

from __future__ import annotations

import panel as pn

from abl.live import LiveResults
from components.base import PlainText, SiteMarkdown

from .content import ABOUT
from .page import PageContent

# Markdown tables are laid out by the pane's content, not by Panel: each gets room below it, and
# one wider than a phone scrolls inside its own box instead of widening the page. As a block the
# table loses its own border and padding (cells keep theirs), or its edges would be drawn twice.
TABLE_CSS = """
table { display: block; width: fit-content; max-width: 100%; overflow-x: auto; border: none; padding: 0;
        margin: 0.75em 0 1.75em; }
"""


def data_source(live: LiveResults) -> pn.Column:
    """Where the numbers come from, naming the dataset as readers know it (never a server path).
    Plain text: the config name is the dataset's."""
    text = (
        f"Results are read from {live.results.public_name}, config {live.results.config()}.\n"
        f"{live.status_text()}\n"
        "The site checks for new results in the background and updates open pages without a reload."
    )
    return pn.Column(
        SiteMarkdown("## Where the data comes from"),
        PlainText(text, sizing_mode="stretch_width"),
        sizing_mode="stretch_width",
    )


def about_page(live: LiveResults) -> PageContent:
    return PageContent(
        pn.Column(
            SiteMarkdown(ABOUT, stylesheets=[TABLE_CSS], sizing_mode="stretch_width"),
            data_source(live),
            sizing_mode="stretch_width",
            max_width=900,
        )
    )
