"""Reading one results file: accepted formats, spellings, and rejection reasons."""

import json

import pytest

from abl import names
from abl.links import git_source_url, safe_http_url
from abl.rows import RowRejected, read_row
from tests.builders import TINY_SUITE, result, submission, usage


def read(sub, split="test"):
    return read_row(json.dumps(sub).encode(), "r", split)


@pytest.mark.parametrize(
    "spelling", ["DS_1000", "DS_1000_test", "DS_1000_validation", "ds1000_test", "DS-1000", "astabench/ds1000_test"]
)
def test_three_task_spellings_map_to_one_display_name(spelling):
    assert names.task_display_name(spelling) == "DS-1000"


@pytest.mark.parametrize(
    "spelling,display",
    [
        ("paper_finder_test", "PaperFindingBench"),
        ("paper_finder_litqa2_validation", "LitQA2-FullText-Search"),
        ("sqa_dev", "ScholarQA-CS2"),
        ("sqa_test", "ScholarQA-CS2"),
        ("litqa2_test", "LitQA2-FullText"),
        ("arxivdigestables_validation", "ArxivDIGESTables-Clean"),
        ("discoverybench_test", "DiscoveryBench"),
        ("core_bench_test", "CORE-Bench-Hard"),
        ("e2e_discovery_test", "E2E-Bench"),
        ("e2e_discovery_hard_test", "E2E-Bench-Hard"),
        ("super_test", "SUPER-Expert"),
        ("LitQA2_FullText_Search_test", "LitQA2-FullText-Search"),
        ("E2E_Bench_Hard", "E2E-Bench-Hard"),
    ],
)
def test_dev1_and_suffixed_names(spelling, display):
    assert names.task_display_name(spelling) == display


def test_results_match_suite_tasks_in_any_spelling():
    # The suite spells them DS_1000 and PaperFindingBench.
    sub = submission([result("ds1000_test", 0.5, metric="score/accuracy"), result("paper_finder_test", 0.25)])
    row = read(sub)
    assert row.tasks["DS-1000"].score == 0.5
    assert row.tasks["PaperFindingBench"].score == 0.25


@pytest.mark.parametrize(
    "given,openness",
    [
        ("Open Source + Open Weights", "Open source & open weights"),
        ("Open Source", "Open source & closed weights"),
        ("API Available", "Closed source & API available"),
        ("Closed", "Closed source & UI only"),
        ("closed source & ui only", "Closed source & UI only"),
        ("Mostly open", "Unknown"),
        (None, "Unknown"),
    ],
)
def test_openness_aliases(given, openness):
    assert read(submission([result("PaperFindingBench", 0.1)], openness=given)).openness == openness


@pytest.mark.parametrize(
    "given,tooling",
    [
        ("Custom with Standard Search", "Custom interface"),
        ("Fully Custom", "Fully custom"),
        ("Standard", "Standard"),
        ("Bespoke", "Unknown"),
        (7, None),
    ],
)
def test_tooling_aliases(given, tooling):
    sub = submission([result("PaperFindingBench", 0.1)], tool_usage=given)
    if tooling is None:
        with pytest.raises(RowRejected, match="tool_usage"):
            read(sub)
    else:
        assert read(sub).tooling == tooling


def test_models_in_token_order_without_provider_prefix():
    usages = [[usage("openai/gpt-4.1", 10), usage("anthropic/claude-sonnet-4", 30)], [usage("openai/gpt-4.1", 25)]]
    row = read(
        submission(
            [
                result("PaperFindingBench", 0.1, usages=usages),
                result("DS_1000", 0.2, metric="score/accuracy", usages=[[usage("google/gemini", 1)]]),
            ]
        )
    )
    assert row.models == ("openai/gpt-4.1", "anthropic/claude-sonnet-4", "google/gemini")  # 35, 30, 1 tokens
    assert [names.model_display_name(m) for m in row.models] == ["gpt-4.1", "claude-sonnet-4", "gemini"]


def test_result_for_unlisted_task_is_ignored_with_a_note():
    row = read(submission([result("PaperFindingBench", 0.1), result("Z9", 0.9)]))
    assert set(row.tasks) == {"PaperFindingBench"}
    assert any("Z9" in note and "ignored" in note for note in row.notes)


def test_missing_primary_metric_counts_as_not_attempted_with_a_note():
    row = read(submission([result("PaperFindingBench", 0.1), result("DS_1000", 0.7, metric="other/mean")]))
    assert set(row.tasks) == {"PaperFindingBench"}
    assert any("DS-1000" in note and "score/accuracy" in note for note in row.notes)


def test_null_metric_value_and_null_cost_list_are_accepted():
    sub = submission([result("PaperFindingBench", 0.1, costs=None), result("ScholarQA_CS2", None)])
    sub["results"][1]["metrics"] = [{"name": "acc/mean", "value": None}]
    row = read(sub)
    assert set(row.tasks) == {"PaperFindingBench"}


@pytest.mark.parametrize(
    "mutate,reason",
    [
        (lambda s: s.pop("suite_config"), "suite_config"),
        (lambda s: s.update(results=[]), "no results"),
        (lambda s: s.update(results=None), "no results"),
        (lambda s: s["results"][0]["metrics"][0].update(value="high"), "Expected `float | null`, got `str`"),
        (lambda s: s["results"][0].update(model_costs="cheap"), "model_costs"),
        (lambda s: s.update(split="validation"), "split is 'validation'"),
        (lambda s: s["submission"].pop("agent_name"), "agent_name is missing"),
        (lambda s: s["submission"].update(agent_name="   "), "agent_name is missing"),
        (lambda s: s["suite_config"].update(splits=[]), "no 'test' split"),
        (lambda s: s.update(results=[result("Z9", 0.5)]), "none of its results"),
    ],
)
def test_malformed_rows_are_rejected_with_a_reason(mutate, reason):
    sub = json.loads(json.dumps(submission([result("PaperFindingBench", 0.1)])))
    mutate(sub)
    with pytest.raises(RowRejected, match=reason.replace("|", r"\|").replace("(", r"\(").replace(")", r"\)")):
        read(sub)


def test_bad_json_is_rejected():
    with pytest.raises(RowRejected, match="not valid JSON"):
        read_row(b'{"suite_config": ', "r", "test")


def test_old_task_sets_spelling_of_suite():
    suite = json.loads(json.dumps(TINY_SUITE))
    suite["task_sets"] = suite.pop("splits")
    row = read(submission([result("PaperFindingBench", 0.3)], suite=suite))
    assert row.tasks["PaperFindingBench"].score == 0.3


def test_untrusted_text_and_links_are_cleaned():
    row = read(
        submission(
            [
                result(
                    "PaperFindingBench",
                    0.1,
                    eval_spec={"model": "m", "revision": {"origin": "git@github.com:o/r.git", "commit": "abc1234"}},
                )
            ],
            agent_name="<b>Bold</b>\x00agent",
            agent_url="javascript:alert(1)",
            logs_url_public="https://logs.example.com/x",
            logs_url="ftp://x",
        )
    )
    assert row.agent_name == "<b>Bold</b> agent"  # kept as text, never interpreted
    assert row.agent_url is None and row.logs_url is None
    assert row.logs_url_public == "https://logs.example.com/x"
    assert row.source_url == "https://github.com/o/r/tree/abc1234"


@pytest.mark.parametrize(
    "origin,commit,url",
    [
        ("git@github.com:allenai/asta-bench.git", "0123abcd", "https://github.com/allenai/asta-bench/tree/0123abcd"),
        ("https://github.com/allenai/asta-bench.git", None, "https://github.com/allenai/asta-bench"),
        (
            "ssh://git@github.com/allenai/asta-bench.git",
            "ffff000",
            "https://github.com/allenai/asta-bench/tree/ffff000",
        ),
        ("https://user:token@github.com/o/r.git", "abcdef0", "https://github.com/o/r/tree/abcdef0"),
        ("javascript:alert(1)", "abcdef0", None),
        ("", "abcdef0", None),
    ],
)
def test_git_source_url(origin, commit, url):
    assert git_source_url(origin, commit) == url


def test_safe_http_url():
    assert safe_http_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "https://a b.com", "//example.com", "http://u:p@x.com", 3):
        assert safe_http_url(bad) is None


def test_exact_task_name_wins_over_another_spelling():
    # agent-eval matches names exactly: the exact result counts even if another spelling comes first.
    sub = submission([result("paper_finder_test", 0.1), result("PaperFindingBench", 0.7)])
    row = read(sub)
    assert row.tasks["PaperFindingBench"].score == 0.7
    assert any("second result" in note for note in row.notes)
