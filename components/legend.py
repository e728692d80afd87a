"""The plot legend as a compact HTML strip above each chart (the site's own text only)."""

from __future__ import annotations

from abl.names import OPENNESS, TOOLING
from abl.plot_data import FRONTIER_COLOR, OPENNESS_COLORS, PUBLISHED_FRONTIER_COLOR, TOOLING_GLYPHS


def _item(symbol: str, label: str) -> str:
    return f'<span class="abl-legend-item">{symbol}<span>{label}</span></span>'


def legend_html(repriced: bool = False) -> str:
    """`repriced`: the plot also draws the frontier at published prices."""
    openness = "".join(_item(f'<span style="color:{OPENNESS_COLORS[o]}">●</span>', o) for o in OPENNESS)
    tooling = "".join(_item(f'<span class="abl-legend-glyph">{TOOLING_GLYPHS[t]}</span>', t) for t in TOOLING)
    marks = (
        _item(
            f'<span style="color:{FRONTIER_COLOR}">╌╌</span>',
            "Pareto frontier" + (" at your prices" if repriced else ""),
        )
        + (
            _item(f'<span style="color:{PUBLISHED_FRONTIER_COLOR}">┈┈</span>', "at published prices")
            if repriced
            else ""
        )
        + _item('<span class="abl-legend-ring">◯</span>', "selected")
        + _item('<span class="abl-legend-zone"></span>', "cost unknown")
    )
    return (
        f'<div class="abl-legend"><b>Openness</b>{openness}</div>'
        f'<div class="abl-legend"><b>Tooling</b>{tooling}<b>Marks</b>{marks}</div>'
    )


CSS = """
.abl-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; font-size: 0.85em; margin: 2px 0; }
.abl-legend b { font-weight: 600; margin-right: -6px; }
.abl-legend-item { display: inline-flex; gap: 5px; align-items: center; }
.abl-legend-glyph { opacity: 0.75; }
.abl-legend-zone { display: inline-block; width: 16px; height: 11px; background: rgba(140, 140, 140, 0.18);
  border-left: 2px dotted #888; }
"""
