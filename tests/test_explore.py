"""Filtering, frontier sentences, budgets and comparisons on view tables."""

import numpy as np
import pandas as pd

from abl import Results
from abl.explore import (
    Filters,
    apply_filters,
    best_within_budget,
    compare,
    frontier_notes,
    model_names,
    submitter_names,
)
from abl.settings import SAMPLE_PREFIX

RESULTS = Results(SAMPLE_PREFIX / "asta-bench-results")


def test_frontier_notes_name_the_dominating_agent():
    table = RESULTS.table("test", "overall")
    notes = dict(zip(table["label"], frontier_notes(table)))
    assert notes["ReAct (gpt-5)"].startswith("On the Pareto frontier")
    # ReAct claude-sonnet-4: 40.1% at $0.403; ReAct o3 scores less, but ReAct gpt-5 (44.0% at $0.309) beats it.
    assert notes["ReAct (claude-sonnet-4)"] == "ReAct (gpt-5) scores higher for less."
    assert notes["Elicit"] == "Not on the frontier: its cost is unknown."


def test_frontier_note_wordings():
    frame = pd.DataFrame(
        {
            "label": ["A", "B", "C", "D"],
            "score": [0.5, 0.5, 0.4, 0.6],
            "cost": [1.0, 2.0, 1.0, np.nan],
            "frontier": [True, False, False, False],
            "dominated_by": [None, "A", "A", None],
        }
    )
    assert frontier_notes(frame)[1:] == [
        "A scores the same for less.",
        "A scores higher for the same cost.",
        "Not on the frontier: its cost is unknown.",
    ]


def test_filters_recompute_frontier_and_ranks():
    table = RESULTS.table("test", "overall")
    only_closed_source = apply_filters(table, Filters(openness=("Closed source & API available",)))
    assert set(only_closed_source["openness"]) == {"Closed source & API available"}
    assert only_closed_source["rank"].tolist() == list(range(1, len(only_closed_source) + 1))
    assert apply_filters(table, Filters()) is table


def test_filter_names_are_the_split_s_display_names():
    data = RESULTS.split("test")
    models = model_names(data)
    assert "o3" in models and not any("/" in m for m in models)  # display names, without providers
    assert list(models) == sorted(set(models))
    assert submitter_names(data) == ("allenai",)
    assert model_names(data) is models  # computed once per data revision


def test_best_within_budget_ignores_unknown_costs():
    table = RESULTS.table("test", "ScholarQA-CS2")
    best = best_within_budget(table, 100.0)
    assert not np.isnan(best["cost"])
    assert best["score"] == table.loc[table["cost"].notna(), "score"].max()


def test_compare_lists_every_view_for_each_agent():
    data = RESULTS.split("test")
    result = compare(data, ["react-gpt-5", "elicit-undisclosed"])
    assert result.agents == ["ReAct (gpt-5)", "Elicit"]
    gpt5 = result.frame[result.frame["id"] == "react-gpt-5"]
    assert len(gpt5) == 16  # overall + 4 categories + 11 benchmarks
    elicit = result.frame[result.frame["id"] == "elicit-undisclosed"].set_index("view")
    assert elicit.loc["ScholarQA-CS2", "score"] > 0 and np.isnan(elicit.loc["ScholarQA-CS2", "cost"])
    assert "DS-1000" not in elicit.index  # not attempted: no record


def test_labels_are_unique_within_a_split():
    from abl.summary import unique_labels

    assert unique_labels(["A (m)", "A (m)", "B"], ["alice", "bob", "carol"], ["1", "2", "3"]) == [
        "A (m) · alice",
        "A (m) · bob",
        "B",
    ]
    assert unique_labels(["A", "A"], ["alice", "alice"], ["r1", "r2"]) == ["A · alice · r1", "A · alice · r2"]
    table = RESULTS.table("test", "overall")
    assert table["label"].is_unique


def test_a_label_names_the_main_model_once():
    from abl.summary import agent_label

    assert agent_label("ReAct", ("openai/gpt-5",)) == "ReAct (gpt-5)"
    assert agent_label("ReAct", ("openai/gpt-5", "openai/o3")) == "ReAct (gpt-5 +1)"
    assert agent_label("Elicit", ()) == "Elicit"
    # The name already says it (the synthetic "Example agent: ReAct (gpt-5)"): not twice.
    assert agent_label("ReAct (GPT-5)", ("openai/gpt-5",)) == "ReAct (GPT-5)"
    assert agent_label("ReAct (gpt-5)", ("openai/gpt-5", "openai/o3")) == "ReAct (gpt-5) (gpt-5 +1)"
    assert agent_label("ReAct(gpt-5)", ("openai/gpt-5",)) == "ReAct(gpt-5) (gpt-5)"
    validation = RESULTS.table("validation", "overall").set_index("id")["label"]
    assert validation["example-agent-react-gpt-5"] == "Example agent: ReAct (gpt-5)"
