"""The HoloViews Pareto plot: positions, layers and display text."""

import holoviews as hv
import numpy as np

from abl import Results
from abl.plot_data import format_cost, format_score, plot_frame
from abl.plots import LAYERS, pareto_layers, pareto_plot
from abl.settings import SAMPLE_PREFIX

TABLE = Results(SAMPLE_PREFIX / "asta-bench-results").table("test", "overall")


def test_unknown_costs_sit_right_of_the_divider_and_off_the_frontier():
    for log_x in (True, False):
        data = plot_frame(TABLE, log_x=log_x)
        divider = data.attrs["divider"]
        assert (data.loc[~data["cost_known"], "x"] > divider).all()
        assert (data.loc[data["cost_known"], "x"] < divider).all()
        assert not data.loc[~data["cost_known"], "frontier"].any()


def test_frontier_line_goes_through_frontier_points_only():
    layers = pareto_layers(TABLE, log_x=True)
    curve = layers["frontier"]
    assert len(curve) == int(TABLE["frontier"].sum()) == 6
    assert np.all(np.diff(curve.dimension_values("x")) > 0)


def test_every_layer_is_present_and_selection_ring_follows_ids():
    layers = pareto_layers(TABLE, selected=["react-gpt-5"], budget=0.1, show_ci=True)
    assert set(layers) == set(LAYERS)
    assert len(layers["selected"]) == 1
    assert len(layers["budget"]) == 1
    points = layers["points"]
    alpha = dict(zip(points.dimension_values("id"), points.dimension_values("alpha")))
    assert alpha["react-gpt-5-mini"] > alpha["asta-v0-mixture"]  # $0.04 is within $0.10; $3.40 is not


def test_hover_text_is_formatted_from_full_precision():
    data = plot_frame(TABLE).set_index("id")
    assert data.loc["asta-v0-mixture", "score_text"] == format_score(TABLE.iloc[0]["score"], TABLE.iloc[0]["score_ci"])
    assert data.loc["elicit-undisclosed", "cost_text"] == "unknown"
    assert format_score(0.52974, 0.0241) == "53.0% ± 2.4"
    assert format_cost(0.0362) == "$0.036" and format_cost(3.3952, 0.16) == "$3.40 ± 0.16"


def test_static_plot_has_a_legend_for_colours_and_markers():
    overlay = pareto_plot(TABLE)
    labels = {e.label for e in overlay}
    assert {"Open source & open weights", "Tooling: Fully custom", "Pareto frontier"} <= labels
    rendered = hv.render(overlay, backend="bokeh")
    assert len(rendered.legend[0].items) >= 8

