"""Display names and spelling aliases used across AstaBench datasets.

Task names, category tags, openness and tooling values have changed spelling between
dataset versions; everything that shows a name goes through this module so that every
spelling maps to one display name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNKNOWN = "Unknown"
SPLITS: tuple[str, ...] = ("test", "validation")  # the splits of an AstaBench results dataset


@dataclass(frozen=True)
class Benchmark:
    display: str
    category: str
    keys: tuple[str, ...]  # normalised spellings (see normalise_task_name)
    problems: tuple[int, int]  # problems in the test and validation splits of suite 1.0.0


# Display order within each category is the order of this list (DESIGN.md section 4).
BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("PaperFindingBench", "lit", ("paperfindingbench", "paper_finder"), (267, 66)),
    Benchmark("LitQA2-FullText-Search", "lit", ("litqa2_fulltext_search", "paper_finder_litqa2"), (75, 10)),
    Benchmark("ScholarQA-CS2", "lit", ("scholarqa_cs2", "sqa"), (100, 100)),
    Benchmark("LitQA2-FullText", "lit", ("litqa2_fulltext", "litqa2"), (75, 10)),
    Benchmark("ArxivDIGESTables-Clean", "lit", ("arxivdigestables_clean", "arxivdigestables"), (100, 70)),
    Benchmark("SUPER-Expert", "code", ("super_expert", "super"), (45, 50)),
    Benchmark("CORE-Bench-Hard", "code", ("core_bench_hard", "core_bench"), (37, 35)),
    Benchmark("DS-1000", "code", ("ds_1000", "ds1000"), (900, 100)),
    Benchmark("DiscoveryBench", "data", ("discoverybench",), (239, 25)),
    Benchmark("E2E-Bench", "discovery", ("e2e_bench", "e2e_discovery"), (40, 10)),
    Benchmark("E2E-Bench-Hard", "discovery", ("e2e_bench_hard", "e2e_discovery_hard"), (40, 10)),
)

CATEGORIES: dict[str, str] = {
    "lit": "Literature Understanding",
    "code": "Code & Execution",
    "data": "Data Analysis",
    "discovery": "End-to-End Discovery",
}

_BENCHMARK_BY_KEY = {key: b for b in BENCHMARKS for key in b.keys}
_BENCHMARK_ORDER = {b.display: i for i, b in enumerate(BENCHMARKS)}
_SPLIT_SUFFIX = re.compile(r"_(test|validation|valid|val|dev)$")


def normalise_task_name(name: str) -> str:
    """Reduce any of the three task spellings to one lookup key.

    `DS_1000`, `DS_1000_validation`, `ds1000_test` and `astabench/ds1000_test` all end up
    as a key of the same benchmark.
    """
    key = name.rsplit("/", 1)[-1].strip().lower().replace("-", "_")
    return _SPLIT_SUFFIX.sub("", key)


def benchmark_for(task_name: str) -> Benchmark | None:
    return _BENCHMARK_BY_KEY.get(normalise_task_name(task_name))


def task_match_key(task_name: str) -> str:
    """Equal for every spelling of the same task: what results are matched to suites by."""
    bench = benchmark_for(task_name)
    return bench.display if bench else normalise_task_name(task_name)


def task_display_name(task_name: str) -> str:
    bench = benchmark_for(task_name)
    return bench.display if bench else task_name


def task_sort_key(display: str) -> tuple[int, str]:
    """Known benchmarks in their published order, unknown ones after, by name."""
    return (_BENCHMARK_ORDER.get(display, len(_BENCHMARK_ORDER)), display)


def category_display_name(tag: str) -> str:
    return CATEGORIES.get(tag, tag)


def category_sort_key(tag: str) -> tuple[int, str]:
    order = list(CATEGORIES)
    return (order.index(tag) if tag in order else len(order), tag)


OPENNESS: tuple[str, ...] = (
    "Open source & open weights",
    "Open source & closed weights",
    "Closed source & API available",
    "Closed source & UI only",
)
TOOLING: tuple[str, ...] = ("Standard", "Custom interface", "Fully custom")

_OPENNESS_ALIASES = {
    "open source + open weights": OPENNESS[0],
    "open source": OPENNESS[1],
    "api available": OPENNESS[2],
    "closed": OPENNESS[3],
}
_TOOLING_ALIASES = {
    "custom with standard search": TOOLING[1],
    "fully custom": TOOLING[2],
}


def _canonical(value: str | None, canon: tuple[str, ...], aliases: dict[str, str]) -> str:
    if not isinstance(value, str):
        return UNKNOWN
    folded = " ".join(value.split()).lower()
    for name in canon:
        if name.lower() == folded:
            return name
    return aliases.get(folded, UNKNOWN)


def canonical_openness(value: str | None) -> str:
    """Map any openness spelling to its canonical name; anything else is "Unknown"."""
    return _canonical(value, OPENNESS, _OPENNESS_ALIASES)


def canonical_tooling(value: str | None) -> str:
    """Map any tooling spelling to its canonical name; anything else is "Unknown"."""
    return _canonical(value, TOOLING, _TOOLING_ALIASES)


# Providers and model hubs whose name before a "/" says nothing a reader needs (Inspect's and
# LiteLLM's provider prefixes). Anything else stays: `mockllm/model` is not "model".
MODEL_PROVIDERS = frozenset(
    {
        "openai",
        "anthropic",
        "google",
        "vertex",
        "bedrock",
        "azureai",
        "azure",
        "mistral",
        "grok",
        "xai",
        "groq",
        "together",
        "fireworks",
        "openrouter",
        "perplexity",
        "deepseek",
        "cohere",
        "hf",
        "huggingface",
        "vllm",
        "ollama",
        "llama-cpp-python",
        "sambanova",
        "cloudflare",
        "goodfire",
        "meta-llama",
        "meta",
        "qwen",
    }
)


def model_display_name(model: str) -> str:
    """`openai/gpt-4.1` -> `gpt-4.1`, `together/meta-llama/llama-4-scout` -> `llama-4-scout`:
    known provider prefixes are dropped, any other part of the name is kept."""
    parts = model.split("/")
    while len(parts) > 1 and parts[0].lower() in MODEL_PROVIDERS:
        parts = parts[1:]
    return "/".join(parts)
