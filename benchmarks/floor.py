"""The floor page: the least a Panel page with a plot and a table can cost on this stack (one
Bokeh scatter and one Tabulator of 60 rows, nothing else). The browser benchmark reports the
site's times as multiples of this page's, served by the same server in the same run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import panel as pn
from bokeh.plotting import figure

ROWS = 60


def floor_page() -> pn.viewable.Viewable:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "agent": [f"Agent {i}" for i in range(ROWS)],
            "cost": rng.lognormal(-2, 1, ROWS),
            "score": rng.uniform(0, 60, ROWS),
        }
    )
    plot = figure(height=440, sizing_mode="stretch_width", x_axis_type="log", title="Floor: score vs. cost")
    plot.scatter("cost", "score", source=frame, size=10)
    table = pn.widgets.Tabulator(frame, pagination="remote", page_size=25, sizing_mode="stretch_width")
    return pn.Column(pn.pane.Bokeh(plot, sizing_mode="stretch_width"), table, sizing_mode="stretch_width")
