"""The HoloViews Pareto plot: positions, layers and display text."""

import holoviews as hv
import numpy as np

from abl import Results
from abl.plot_data import FRONTIER_COLOR, dollars, format_cost, format_score, plot_data, plot_frame
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


def test_cost_ticks_are_dollars_left_of_the_unknown_strip():
    results = Results(SAMPLE_PREFIX / "asta-bench-results")
    for split in ("test", "validation"):
        for view in ("overall", "lit", "code", "data", "discovery"):
            table = results.table(split, view)
            for log_x in (True, False):
                data = plot_data(table, log_x=log_x)
                major, minor = data.ticks
                assert len(major) >= 2, (split, view, log_x)
                edge = data.divider if data.divider is not None else data.xrange[1]
                assert all(data.xrange[0] <= t <= edge for t in major + minor), (split, view, log_x)
    test_overall = plot_data(TABLE, log_x=True)
    assert [dollars(t) for t in test_overall.ticks[0]] == ["$0.10", "$1"]
    assert test_overall.divider == 2 * TABLE["cost"].max()  # the strip starts right of the dearest known cost


def test_dollar_labels():
    assert [dollars(t) for t in (0, 0.001, 0.01, 0.02, 0.1, 0.25, 1, 2.5, 10, 1000)] == [
        "$0",
        "$0.001",
        "$0.01",
        "$0.02",
        "$0.10",
        "$0.25",
        "$1",
        "$2.50",
        "$10",
        "$1,000",
    ]


def test_unknown_cost_agents_have_no_order_in_their_strip():
    full = plot_frame(TABLE, log_x=True).set_index("id")
    unknown = full[~full["cost_known"]]
    assert len(unknown) >= 10
    # An agent's place in the strip depends on its id only, not on its rank or the other rows.
    kept = set(full.index[full["cost_known"]]) | set(unknown.index[::2])
    fewer = plot_frame(TABLE[TABLE["id"].isin(kept)], log_x=True).set_index("id")
    shared = unknown.index[::2]
    assert np.allclose(fewer.loc[shared, "x"], unknown.loc[shared, "x"])
    # And it does not follow the score: no diagonal.
    rank_correlation = np.corrcoef(unknown["x"].rank(), unknown["y"].rank())[0, 1]
    assert abs(rank_correlation) < 0.5


def test_a_frontier_of_one_agent_is_still_marked():
    one = TABLE[TABLE["id"].isin(["react-gpt-5-mini"]) | TABLE["cost"].isna()].copy()
    one["frontier"] = one["id"] == "react-gpt-5-mini"
    data = plot_data(one, log_x=True)
    assert len(data.frontier) == 1  # a line needs two points ...
    marked = data.points.set_index("id").loc["react-gpt-5-mini"]
    assert marked["outline"] == FRONTIER_COLOR and marked["outline_width"] > 1  # ... the mark does not
    assert (data.points.loc[~data.points["frontier"], "outline"] == "white").all()
    hv.render(pareto_plot(one), backend="bokeh")  # the notebook plot draws it too
