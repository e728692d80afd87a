"""The dark look of the site's Bokeh figures: colours only.

Text keeps Bokeh's own fonts and sizes in both themes. (Panel's dark Bokeh theme also enlarges
them, which pushed a phone's axis label and title past the plot's edge.)
"""

from __future__ import annotations

from bokeh.models import Model
from bokeh.themes import Theme

TEXT = "#e0e0e0"
DARK_ATTRS: dict[str, dict[str, object]] = {
    "Plot": {
        "background_fill_color": "#2b3035",
        "border_fill_color": "#212529",
        "outline_line_color": TEXT,
        "outline_line_alpha": 0.25,
    },
    "Grid": {"grid_line_color": TEXT, "grid_line_alpha": 0.25},
    "Axis": {
        "axis_line_alpha": 0,
        "major_tick_line_alpha": 0,
        "minor_tick_line_alpha": 0,
        "major_label_text_color": TEXT,
        "axis_label_text_color": TEXT,
    },
    "Legend": {
        "label_text_color": TEXT,
        "background_fill_color": "#20262b",
        "background_fill_alpha": 0.25,
        "border_line_alpha": 0,
    },
    "Title": {"text_color": TEXT},
}
DARK_THEME = Theme(json={"attrs": DARK_ATTRS})


def dark_colours(fig: Model) -> None:
    """DARK_ATTRS set as the figure's own values, for a figure shown in a Bokeh pane: a theme
    given to the pane is replaced by the page's when the figure reaches the browser."""
    for part in fig.references():
        for name, values in DARK_ATTRS.items():
            if any(cls.__name__ == name for cls in type(part).__mro__):
                part.update(**values)
