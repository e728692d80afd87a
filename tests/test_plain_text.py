"""Text from datasets (agent names, descriptions, submitters, task names, category tags) reaches
pages as text: never through Markdown, never as markup.

Each page is built for a dataset whose names are Markdown and HTML payloads, rendered to Bokeh
models as it would be for a browser, and every string the browser reads as HTML is parsed here.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import panel as pn
import pytest
from bokeh.document import Document
from bokeh.models import HoverTool, MultiChoice
from panel.custom import JSComponent
from panel.models.markup import HTML as HTMLModel

import components
from abl import Results
from abl.live import LiveResults
from abl.plot_data import HOVER
from dashboards.category import category_page
from dashboards.site import Site
from tests.builders import SUITE, result, submission, write_dataset

IMAGE = "![x](https://evil.example/p.png)"
HANDLER = "<img src=x onerror=alert(1)>"
LINK = "[link](javascript:alert(1))"
REMOTE = '<img src="https://evil.example/q.png">'
HOSTILE = (IMAGE, HANDLER, LINK, REMOTE)
# What a payload leaves behind if anything took it for Markdown or markup.
TRACES = ("evil.example", "javascript:", "onerror")


class _Markup(HTMLParser):
    """The elements, attributes and text of an HTML fragment."""

    def __init__(self, fragment: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_read_by_browser(root) -> Iterator[tuple[str, str]]:
    """(what, fragment) for every string of the Bokeh models that the browser sets as HTML:
    HTML and Markdown panes (Panel sends their HTML escaped) and the labels of Bokeh's
    MultiChoice (Choices.js sets them with innerHTML)."""
    for model in root.references():
        if isinstance(model, HTMLModel):
            yield "HTML pane", html.unescape(model.text)
        elif isinstance(model, MultiChoice):
            for option in model.options:
                yield "MultiChoice label", option if isinstance(option, str) else option[1]


def assert_no_markup_from_data(root) -> list[str]:
    """No element or attribute that a payload could have made; returns the text shown."""
    shown = []
    for what, fragment in html_read_by_browser(root):
        markup = _Markup(fragment)
        for tag, attrs in markup.tags:
            assert tag not in ("img", "script", "iframe", "object", "embed"), (what, fragment)
            assert not any(name.startswith("on") for name in attrs), (what, fragment)
            for value in attrs.values():
                assert not any(trace in (value or "") for trace in TRACES), (what, fragment)
        shown.append("".join(markup.text))
    return shown


def assert_no_markdown_receives_data(viewable: pn.viewable.Viewable) -> None:
    for pane in viewable.select(pn.pane.Markdown):
        assert not any(text in pane.object for text in (*HOSTILE, *TRACES)), pane.object


def hostile_row(agent: str, submitter: str, description: str) -> dict:
    results = [
        result("ScholarQA_CS2", 0.5, 0.02, [0.1, 0.2], metric="global_avg/mean"),
        result("DS_1000", 0.25, 0.01, [0.01, 0.03], metric="ds1000_scorer/accuracy"),
    ]
    return submission(results, agent=agent, suite=SUITE, username=submitter, agent_description=description)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> LiveResults:
    """Four agents named, described and submitted with the payloads, in every combination, and
    a file that cannot be read whose name is a payload too."""
    root = tmp_path_factory.mktemp("hostile")
    rows = {f"evil{i}": hostile_row(HOSTILE[i], HOSTILE[(i + 1) % 4], HOSTILE[(i + 2) % 4]) for i in range(4)}
    write_dataset(root, {**rows, HANDLER: "{ not json"})
    return LiveResults(Results(root))


PAGES = [
    {"budget": "10", "selected": "evil0,evil1"},  # the budget line names the best agent
    {"page": "lit"},
    {"page": "code", "q": "evil"},
    {"page": "compare", "compare": "evil0,evil1,evil2,evil3"},
    {"page": "about"},
]


@pytest.mark.parametrize("query", PAGES, ids=lambda q: q.get("page", "overall"))
def test_pages_show_hostile_names_as_text(live, query):
    shell = Site(live, query).page()
    root = shell.get_root(Document())
    assert_no_markdown_receives_data(shell)
    shown = "\n".join(assert_no_markup_from_data(root))
    if query.get("page") == "compare":
        for name in HOSTILE:  # the picker and the table name every agent, literally
            assert name in shown


def test_compare_picker_labels_are_escaped(live):
    """Choices.js sets the picker's labels with innerHTML: they arrive escaped, and read as the names."""
    shell = Site(live, {"page": "compare", "compare": "evil1,evil3"}).page()
    picker = next(m for m in shell.get_root(Document()).references() if isinstance(m, MultiChoice))
    labels = [_Markup(o if isinstance(o, str) else o[1]) for o in picker.options]
    assert all(label.tags == [] for label in labels)
    assert sorted("".join(label.text) for label in labels) == sorted(HOSTILE)


def test_category_heading_is_text(live):
    """A category tag a suite made up is an escaped heading (whether or not the site links to it)."""
    model = Site(live, {}).model
    content = category_page(model, IMAGE + HANDLER, on_jump=lambda _: None)
    assert_no_markdown_receives_data(content.layout)
    shown = assert_no_markup_from_data(content.layout.get_root(Document()))
    assert any(IMAGE + HANDLER in text for text in shown)
    content.dispose()


# Every innerHTML assignment in the site's browser components, with what it assigns: only the
# site's own markup, never a value that can hold dataset text (the rest is set as textContent).
SITE_OWNED_INNER_HTML = {
    ("SiteShell", "`"),  # the shell's fixed frame, a template literal
    ("ParetoChart", "model.legend"),  # `legend_html()`, the site's own legend
}


def browser_components() -> set[type[JSComponent]]:
    """The JS components defined in components/ (every module imported first)."""
    for info in pkgutil.iter_modules(components.__path__):
        importlib.import_module(f"components.{info.name}")
    found, todo = set(), [JSComponent]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("components.") and "_esm" in vars(sub):
                found.add(sub)
    return found


def test_browser_components_set_data_as_text():
    found = browser_components()
    assert {c.__name__ for c in found} >= {
        "SiteShell",
        "ParetoChart",
        "RankTable",
        "FilterSidebar",
        "SectionHeading",
        "SectionLinks",
    }
    for component in found:
        assigned = re.findall(r"innerHTML\s*=\s*(`|[\w.]+)", component._esm)
        assert {(component.__name__, value) for value in assigned} <= SITE_OWNED_INNER_HTML, component
        assert "insertAdjacentHTML" not in component._esm and "outerHTML" not in component._esm, component


def test_tooltips_keep_bokeh_escaping(live):
    """Bokeh escapes tooltip values unless a field asks for `{safe}`."""
    assert not any("{safe}" in field for _, field in HOVER)
    root = Site(live, {"page": "compare", "compare": "evil0,evil1"}).page().get_root(Document())
    tools = [m for m in root.references() if isinstance(m, HoverTool)]
    assert tools and not any("{safe}" in field for tool in tools for _, field in tool.tooltips)
