"""What the ranked tables show: columns, order, one page of rows (from the embedded sample)."""

from abl import Results
from abl.settings import SAMPLE_PREFIX
from abl.summary import resolve_view
from components.table_format import sort_rows, table_columns, table_rows

RESULTS = Results(SAMPLE_PREFIX / "asta-bench-results")
STATS = RESULTS.split("test").stats


def rows_by_id(frame, view, budget=None):
    return {row["id"]: row for row in table_rows(frame, frame, view, budget)}


def test_paper_mode_tells_incomplete_from_not_attempted():
    view = resolve_view(STATS, "overall")
    rows = rows_by_id(RESULTS.table("test", "overall", mode="paper"), view)
    finder = rows["asta-paper-finder-gemini-2-flash-gpt-4o"]  # ran 2 of 11 benchmarks
    assert finder["cells"]["score"] == {"t": "Incomplete", "m": True}
    lit = next(c["key"] for c in table_columns(view)[0] if c["title"] == "Literature Understanding score")
    assert finder["cells"][lit]["t"] == "Incomplete"  # ran part of the category
    code = next(c["key"] for c in table_columns(view)[0] if c["title"] == "Code & Execution score")
    assert finder["cells"][code]["t"] == "Not attempted"
    assert rows["react-gpt-5"]["cells"]["score"] == {"t": "44.0%", "s": "± 3.0"}


def test_titles_and_names_are_plain_text_for_the_browser():
    columns, groups = table_columns(resolve_view(STATS, "overall"))
    assert [c["title"] for c in columns][:6] == ["#", "Agent", "Submitter", "Models", "Overall score", "Overall cost"]
    assert "Code & Execution score" in [c["title"] for c in columns]  # set with textContent: no escaping
    assert groups == [
        ["submitter", "Submitter"],
        ["models", "Models"],
        ["components", "Categories"],
        ["attempted", "Attempted"],
        ["date", "Date"],
        ["logs", "Logs"],
    ]
    what_if = [c["title"] for c in table_columns(resolve_view(STATS, "overall"), what_if=True)[0]]
    assert "Overall cost (what-if)" in what_if and "Code & Execution cost (what-if)" in what_if
    bench_columns, _ = table_columns(resolve_view(STATS, "DS-1000"))
    assert "attempted" not in {c["key"] for c in bench_columns}  # always 1/1 in a benchmark's table


def test_rows_carry_frontier_sentence_links_and_budget():
    view = resolve_view(STATS, "overall")
    rows = rows_by_id(RESULTS.table("test", "overall"), view, budget=0.1)
    mini = rows["react-gpt-5-mini"]
    assert mini["cells"]["agent"]["t"] == "ReAct (gpt-5-mini)" and mini["cells"]["agent"]["f"] is True
    assert mini["cells"]["cost"] == {"t": "$0.037"} and mini["dim"] is False  # within $0.10
    asta = rows["asta-v0-mixture"]
    assert asta["dim"] is True  # $3.40 is over the budget
    sonnet = rows["react-claude-sonnet-4"]  # 40.1% at $0.403; ReAct (gpt-5): 44.0% at $0.309
    assert sonnet["cells"]["agent"]["f"] is False
    assert sonnet["detail"]["note"] == sonnet["cells"]["agent"]["fh"] == "ReAct (gpt-5) scores higher for less."
    unknown = rows["elicit-undisclosed"]
    assert unknown["cells"]["cost"]["t"] == "Missing" and unknown["dim"] is True  # an unknown cost is not within


def test_sorting_puts_unknown_values_last_both_ways():
    frame = RESULTS.table("test", "overall")
    columns, _ = table_columns(resolve_view(STATS, "overall"))
    for direction in ("asc", "desc"):
        ordered = sort_rows(frame, columns, ["cost", direction])
        known = ordered["cost"].notna().to_numpy()
        assert known[: known.sum()].all() and not known[known.sum() :].any()
        costs = ordered["cost"].dropna().to_numpy()
        assert (costs[:-1] <= costs[1:]).all() if direction == "asc" else (costs[:-1] >= costs[1:]).all()
    assert sort_rows(frame, columns, ["no-such-column", "asc"]) is frame  # garbage from the browser: rank order
    assert sort_rows(frame, columns, ["cost", "sideways"]) is frame
    by_agent = sort_rows(frame, columns, ["agent", "asc"])["label"].str.lower().tolist()
    assert by_agent == sorted(by_agent)
