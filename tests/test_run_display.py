"""What genuine agent-eval runs showed: tiny costs, mock model names, hf:// log links, and a
split the dataset does not have."""

from __future__ import annotations

import json

from abl.cli import main
from abl.links import hub_web_url, link_url
from abl.names import model_display_name
from abl.plot_data import format_cost
from abl.rows import read_row
from tests.builders import result, submission, write_dataset


def test_costs_below_a_tenth_of_a_cent_keep_two_significant_digits():
    assert format_cost(0.00042) == "$0.00042"
    assert format_cost(0.000042) == "$0.000042"
    assert format_cost(0.00042, 0.0001) == "$0.00042 ± 0.00010"
    assert format_cost(0.003, 0.0004) == "$0.003 ± 0.00040"  # a small interval is not "± 0.000" either
    assert format_cost(0.0) == "$0"
    assert format_cost(0.0362) == "$0.036" and format_cost(3.3952) == "$3.40"  # unchanged above $0.001


def test_only_known_provider_prefixes_are_dropped():
    assert model_display_name("openai/gpt-4.1") == "gpt-4.1"
    assert model_display_name("anthropic/claude-sonnet-4") == "claude-sonnet-4"
    assert model_display_name("together/meta-llama/Llama-4-Scout") == "Llama-4-Scout"
    assert model_display_name("mockllm/model") == "mockllm/model"  # Inspect's mock model keeps its name
    assert model_display_name("llama-4-scout") == "llama-4-scout"


def test_hub_dataset_paths_become_their_web_pages():
    published = "hf://datasets/allenai/asta-bench-submissions/1.0.0/test/bob_agent_2025-09-01_10-00-00"
    assert hub_web_url(published) == (
        "https://huggingface.co/datasets/allenai/asta-bench-submissions/tree/main/"
        "1.0.0/test/bob_agent_2025-09-01_10-00-00"
    )
    assert hub_web_url("hf://datasets/org/repo@v1/logs") == "https://huggingface.co/datasets/org/repo/tree/v1/logs"
    for hostile in (
        "hf://datasets/org/repo/../../secrets",
        "hf://models/org/m",
        "javascript:alert(1)",
        "hf://datasets/org/repo/a\nb",
    ):
        assert hub_web_url(hostile) is None and link_url(hostile) is None
    assert link_url("https://example.org/logs") == "https://example.org/logs"


def test_rows_keep_hf_log_links_as_hub_pages():
    row = submission(
        [result("PaperFindingBench", 0.5)],
        logs_url="hf://datasets/org/subs/1.0.0/test/run",
        logs_url_public="hf://datasets/org/public-logs/1.0.0/test/run",
    )
    read = read_row(json.dumps(row).encode(), "r", "test")
    assert read.logs_url == "https://huggingface.co/datasets/org/subs/tree/main/1.0.0/test/run"
    assert read.logs_url_public == "https://huggingface.co/datasets/org/public-logs/tree/main/1.0.0/test/run"


def test_summary_of_a_split_the_dataset_lacks_says_so(tmp_path, capsys):
    root = write_dataset(tmp_path / "results", {"a": submission([result("PaperFindingBench", 0.5)])})
    assert main(["summary", "--results", str(root), "--split", "validation", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "no results in the validation split" in err
    assert main(["summary", "--results", str(root), "--split", "test", "--format", "json"]) == 0
