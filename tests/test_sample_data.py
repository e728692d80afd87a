"""The embedded sample reproduces the AstaBench paper's published numbers through abl's statistics."""

import csv
import filecmp
import math

import pytest

from abl import Results
from abl.settings import SAMPLE_PREFIX
from scripts import make_sample

REFERENCE = SAMPLE_PREFIX / "reference"
SAMPLE = SAMPLE_PREFIX / "asta-bench-results"
CATEGORIES = {
    "lit": "Literature Understanding",
    "code": "Code & Execution",
    "data": "Data Analysis",
    "discovery": "End-to-End Discovery",
}


def printed(value: float, published: str, scale: float = 1.0) -> str:
    decimals = len(published.split(".")[1]) if "." in published else 0
    return f"{value * scale:.{decimals}f}"


@pytest.fixture(scope="module")
def results():
    return Results(SAMPLE)


@pytest.fixture(scope="module")
def published_rows():
    with (REFERENCE / "astabench-paper-test-results.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def row_id(row):
    return make_sample.row_name(row)


def test_every_published_benchmark_value_is_reproduced(results, published_rows):
    data = results.split("test")
    assert len(data.rows) == 57 and not data.skipped
    checked = 0
    for bench in make_sample.PROBLEMS:
        table = results.table("test", bench).set_index("id")
        for row in published_rows:
            score = row[f"{bench}_score"]
            if not score:
                assert row_id(row) not in table.index
                continue
            got = table.loc[row_id(row)]
            assert printed(got["score"], score, 100) == score, (row["agent"], bench)
            if row[f"{bench}_score_ci95"]:
                assert printed(got["score_ci"], row[f"{bench}_score_ci95"], 100) == row[f"{bench}_score_ci95"]
            else:
                assert got["score"] == 0 and got["score_ci"] == 0  # printed 0.0000: every problem scored 0
            cost = row[f"{bench}_cost"]
            if cost:
                assert printed(got["cost"], cost) == cost, (row["agent"], bench)
                assert printed(got["cost_ci"], row[f"{bench}_cost_ci95"]) == row[f"{bench}_cost_ci95"]
            else:
                assert math.isnan(got["cost"])
            checked += 1
    assert checked == 247


def test_full_coverage_agents_match_the_papers_table_11(results, published_rows):
    overall = results.table("test", "overall").set_index("id")
    with (REFERENCE / "paper-table11-overall.csv").open(encoding="utf-8") as f:
        table11 = list(csv.DictReader(f))
    assert len(table11) == 18
    for paper in table11:
        got = overall.loc[row_id(paper)]
        assert got["attempted"] == "4/4"
        assert printed(got["score"], paper["overall_score"], 100) == paper["overall_score"], paper["agent"]
        assert printed(got["cost"], paper["overall_cost"]) == paper["overall_cost"], paper["agent"]
        for tag, title in CATEGORIES.items():
            assert printed(got[f"{title} score"], paper[f"{tag}_score"], 100) == paper[f"{tag}_score"], (paper, tag)
            assert printed(got[f"{title} cost"], paper[f"{tag}_cost"]) == paper[f"{tag}_cost"], (paper, tag)
    # Paper mode gives the same values to complete agents and none to the others.
    paper_mode = results.table("test", "overall", "paper")
    assert paper_mode["score"].notna().sum() == 18


def test_headline_numbers(results):
    overall = results.table("test", "overall")
    top = overall.iloc[0]
    assert (top["agent"], round(top["score"] * 100, 1)) == ("Asta v0", 53.0)  # paper: 53.0%
    second = overall.iloc[1]
    assert (second["label"], round(second["score"] * 100, 1)) == ("ReAct (gpt-5)", 44.0)  # paper: 44.0%


def test_frontier_follows_the_rule(results):
    overall = results.table("test", "overall")
    on = overall[overall["frontier"]].sort_values("cost")
    assert on["label"].tolist() == [
        "ReAct (claude-3-5-haiku)",
        "ReAct (gpt-5-mini)",
        "Smolagents Coder (gpt-5)",
        "ReAct (o3)",
        "ReAct (gpt-5)",
        "Asta v0",
    ]
    # Strictly rising score along rising cost; no one cheaper scores as high.
    assert on["score"].is_monotonic_increasing and on["cost"].is_monotonic_increasing
    for _, row in overall[~overall["frontier"] & overall["cost"].notna()].iterrows():
        assert ((overall["cost"] <= row["cost"]) & (overall["score"] >= row["score"]) & overall["frontier"]).any()
        assert row["dominated_by"] is not None


def test_validation_split_is_plainly_synthetic(results):
    data = results.split("validation")
    assert data.rows and all(r.agent_name.startswith("Example agent") for r in data.rows)


@pytest.mark.slow
def test_generator_reproduces_the_committed_sample(tmp_path):
    make_sample.write(tmp_path / "out")
    comparison = filecmp.dircmp(tmp_path / "out", SAMPLE)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for split in ("test", "validation"):
        sub = filecmp.dircmp(tmp_path / "out/1.0.0" / split, SAMPLE / "1.0.0" / split)
        assert not sub.diff_files and not sub.left_only and not sub.right_only, split
        _, mismatch, errors = filecmp.cmpfiles(
            tmp_path / "out/1.0.0" / split, SAMPLE / "1.0.0" / split, sub.common_files, shallow=False
        )
        assert not mismatch and not errors


@pytest.mark.slow
def test_sample_is_a_valid_hugging_face_dataset(tmp_path):
    """agent-eval and the Hub read results with `datasets`: the sample must load the same way."""
    import datasets  # a dev dependency, used only here

    test = datasets.load_dataset(str(SAMPLE), name="1.0.0", split="test", cache_dir=str(tmp_path))
    validation = datasets.load_dataset(str(SAMPLE), name="1.0.0", split="validation", cache_dir=str(tmp_path))
    assert (len(test), len(validation)) == (57, 12)
    names = {row["submission"]["agent_name"] for row in test}
    assert {"Asta v0", "ReAct", "Elicit"} <= names
