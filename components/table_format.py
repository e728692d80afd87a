"""How a view table looks in Tabulator: display columns and cell templates.

Numbers stay numbers (sorting is numeric); templates format them in the browser. Text that
comes from datasets (agent names, submitters, models, links) only ever passes through
`<%- %>`, which HTML-escapes it, and links are drawn only for http(s) URLs. Column titles
can hold benchmark and category names from a row's suite, and Tabulator sets titles as HTML:
they are escaped here.
"""

from __future__ import annotations

import html

import pandas as pd
from bokeh.models.widgets.tables import HTMLTemplateFormatter

from abl.explore import frontier_notes
from abl.plots import OPENNESS_COLORS, TOOLING_GLYPHS
from abl.summary import View

_IS_HTTP = r"/^https?:\/\//i.test"

FRONTIER = HTMLTemplateFormatter(template=(
    '<% if (value) { %><span class="abl-frontier" title="<%- frontier_note %>">★</span>'
    '<% } else { %><span class="abl-offfrontier" title="<%- frontier_note %>">·</span><% } %>'))
ICON = HTMLTemplateFormatter(template=(
    '<span class="abl-icon" style="color:<%- icon_color %>" title="<%- openness %> · <%- tooling %>">'
    '<%- value %></span>'))
AGENT = HTMLTemplateFormatter(template=(
    '<span class="abl-agent"><%- value %></span>'
    f'<% if (source_url && {_IS_HTTP}(source_url)) {{ %> <a class="abl-link" href="<%- source_url %>" '
    'target="_blank" rel="noopener noreferrer" title="Source code">↗</a><% } %>'))
TEXT = HTMLTemplateFormatter(template="<%- value == null ? '' : value %>")
MODELS = HTMLTemplateFormatter(template='<span title="<%- models_full %>"><%- value %></span>')
LOGS = HTMLTemplateFormatter(template=(
    f'<% if (value && {_IS_HTTP}(value)) {{ %><a class="abl-link" href="<%- value %>" target="_blank" '
    'rel="noopener noreferrer">logs ↗</a><% } %>'))


def _unscored(partial_column: str) -> str:
    """Why there is no score: nothing run, or (paper mode) only part of it."""
    return f'<%= {partial_column} ? "Incomplete" : "Not attempted" %>'


def score_formatter(ci_column: str | None, partial_column: str) -> HTMLTemplateFormatter:
    ci = (f'<% if ({ci_column} != null && !isNaN({ci_column})) {{ %> <span class="abl-ci">± '
          f'<%= {ci_column}.toFixed(1) %></span><% }} %>') if ci_column else ""
    return HTMLTemplateFormatter(template=(
        f'<% if (value == null || isNaN(value)) {{ %><span class="abl-missing">{_unscored(partial_column)}</span>'
        f'<% }} else {{ %><%= value.toFixed(1) %>%{ci}<% }} %>'))


def cost_formatter(score_column: str, partial_column: str) -> HTMLTemplateFormatter:
    """$ with 3 decimals under $1, else 2; unknown: "Missing" if scored, else why not scored."""
    return HTMLTemplateFormatter(template=(
        '<% if (value == null || isNaN(value)) { %><span class="abl-missing">'
        f'<% if ({score_column} == null || isNaN({score_column})) {{ %>{_unscored(partial_column)}'
        '<% } else { %>Missing<% } %></span>'
        '<% } else { %>$<%= value.toFixed(Math.abs(value) < 1 ? 3 : 2) %><% } %>'))


def _models_short(models: list[str]) -> str:
    if not len(models):
        return "—"
    return models[0] + (f" +{len(models) - 1}" if len(models) > 1 else "")


def display_frame(frame: pd.DataFrame, view: View) -> tuple[pd.DataFrame, dict, dict]:
    """(table data, column titles, formatters) for a filtered view table."""
    out = pd.DataFrame({
        "id": frame["id"],
        "frontier": frame["frontier"].astype(bool),
        "icon": frame["tooling"].map(TOOLING_GLYPHS).fillna("■"),
        "agent": frame["agent"],
        "submitter": frame["submitter"],
        "models": frame["models"].map(_models_short),
        "score": frame["score"] * 100,  # percent, rounded only by the template
        "score_ci": frame["score_ci"] * 100,
        "cost": frame["cost"],
        "partial": frame["score"].isna() & (frame["attempted_count"] > 0),
    })
    titles = {"frontier": "", "icon": "", "agent": "Agent", "submitter": "Submitter", "models": "Models",
              "score": f"{view.title} score", "cost": f"{view.title} cost"}
    formatters: dict = {"frontier": FRONTIER, "icon": ICON, "agent": AGENT, "submitter": TEXT, "models": MODELS,
                        "score": score_formatter("score_ci", "partial"), "cost": cost_formatter("score", "partial")}
    for i, component in enumerate(view.components):
        name = view.component_title(component)
        out[f"c{i}_score"] = frame[f"{name} score"] * 100
        out[f"c{i}_cost"] = frame[f"{name} cost"]
        ran = frame[f"{name} attempted"] if f"{name} attempted" in frame else 0
        out[f"c{i}_partial"] = frame[f"{name} score"].isna() & (ran > 0)
        titles[f"c{i}_score"] = f"{name} score"
        titles[f"c{i}_cost"] = f"{name} cost"
        formatters[f"c{i}_score"] = score_formatter(None, f"c{i}_partial")
        formatters[f"c{i}_cost"] = cost_formatter(f"c{i}_score", f"c{i}_partial")
    out["attempted"] = frame["attempted"]
    out["date"] = frame["date"]
    out["logs"] = frame["logs_url"]
    titles.update(attempted="Attempted", date="Date", logs="Logs")
    formatters.update(attempted=TEXT, date=TEXT, logs=LOGS)
    # Columns the templates read, never shown.
    out["openness"] = frame["openness"]
    out["tooling"] = frame["tooling"]
    out["icon_color"] = frame["openness"].map(OPENNESS_COLORS).fillna(OPENNESS_COLORS["Unknown"])
    out["models_full"] = frame["models"].map(lambda ms: ", ".join(ms) if len(ms) else "not disclosed")
    out["source_url"] = frame["source_url"]
    out["frontier_note"] = frontier_notes(frame)
    return out.reset_index(drop=True), {k: html.escape(v) for k, v in titles.items()}, formatters


HIDDEN_ALWAYS = ["id", "score_ci", "partial", "openness", "tooling", "icon_color", "models_full", "source_url",
                 "frontier_note"]
