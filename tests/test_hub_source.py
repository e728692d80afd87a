"""Reading results datasets from a Hub repo, against the local stand-in of the Hub API."""

import json

import pytest

from abl import Results
from abl.loading import ResultsLoader
from abl.sources import HubSource, SourceError, open_source
from tests.builders import result, submission

README = (
    b"---\nconfigs:\n- config_name: 1.0.0\n  data_files:\n  - split: test\n    path: 1.0.0/test/*.json\n"
    b"  - split: validation\n    path: 1.0.0/validation/*.json\n---\n# results\n"
)


def row(agent, score=0.5, split="test"):
    sub = submission([result("PaperFindingBench", score, 0.01, [0.1, 0.2])], agent=agent, split=split)
    return json.dumps(sub).encode()


@pytest.fixture
def repo(fake_hub):
    fake_hub.create_repo(
        "org/results",
        {
            "README.md": README,
            "1.0.0/test/a.json": row("Alpha", 0.4),
            "1.0.0/test/b.json": row("Beta", 0.6),
            "1.0.0/test/bad.json": b"{nope",
            "1.0.0/validation/v.json": row("Val", 0.3, "validation"),
        },
    )
    return "org/results"


def source(fake_hub, tmp_path, repo_id="org/results", token=None):
    return HubSource(repo_id, token=token, cache_dir=tmp_path / "cache", endpoint=fake_hub.endpoint)


def test_reads_a_split_from_the_hub(fake_hub, repo, tmp_path):
    results = Results(source(fake_hub, tmp_path))
    data = results.split("test")
    assert sorted(r.agent_name for r in data.rows) == ["Alpha", "Beta"]
    assert [p.file for p in data.skipped] == ["1.0.0/test/bad.json"]
    assert data.revision.id == fake_hub.commits("org/results")[-1]["sha"]
    assert results.table("test")["agent"].tolist() == ["Beta", "Alpha"]
    assert [r.agent_name for r in results.split("validation").rows] == ["Val"]


def test_unchanged_revision_costs_one_request(fake_hub, repo, tmp_path):
    results = Results(source(fake_hub, tmp_path))
    first = results.split("test")
    fake_hub.requests.clear()
    assert results.split("test") is first
    assert fake_hub.requests == [("GET", "/api/datasets/org/results")]


def test_new_revision_downloads_only_new_files(fake_hub, repo, tmp_path):
    results = Results(source(fake_hub, tmp_path))
    results.split("test")
    fake_hub.commit("org/results", {"1.0.0/test/c.json": row("Gamma", 0.9)})
    fake_hub.requests.clear()
    data = results.split("test")
    assert sorted(r.agent_name for r in data.rows) == ["Alpha", "Beta", "Gamma"]
    file_gets = [p for m, p in fake_hub.requests if m == "GET" and "/resolve/" in p and p.endswith(".json")]
    assert len(file_gets) == 1 and file_gets[0].endswith("/1.0.0/test/c.json")


def test_many_files_across_tree_pages(fake_hub, tmp_path):
    fake_hub.page_size = 40  # the Hub pages tree listings (1000 entries a page): cross several pages
    files = {"README.md": README}
    files.update({f"1.0.0/test/r{i:04d}.json": row(f"Agent {i}", i / 200) for i in range(130)})
    fake_hub.create_repo("org/big", files)
    data = Results(source(fake_hub, tmp_path, "org/big")).split("test")
    assert len(data.rows) == 130 and not data.skipped
    assert sum(1 for m, p in fake_hub.requests if "/tree/" in p) == 4


def test_private_repo_needs_a_token(fake_hub, tmp_path):
    fake_hub.create_repo("org/private", {"README.md": README, "1.0.0/test/a.json": row("Secret")}, private=True)
    with pytest.raises(SourceError, match="could not read the revision of hf://datasets/org/private"):
        Results(source(fake_hub, tmp_path, "org/private")).split("test")
    data = Results(source(fake_hub, tmp_path, "org/private", token="hf_test")).split("test")
    assert [r.agent_name for r in data.rows] == ["Secret"]


def test_hub_errors_become_source_errors(fake_hub, repo, tmp_path):
    loader = ResultsLoader(source(fake_hub, tmp_path))
    fake_hub.fail_next(status=403, match="/api/datasets/org/results")
    with pytest.raises(SourceError, match="could not read the revision"):
        loader.load("1.0.0", "test")
    with pytest.raises(SourceError, match="could not read the revision"):
        ResultsLoader(source(fake_hub, tmp_path, "org/missing")).load("1.0.0", "test")


def test_repo_ids_are_validated():
    with pytest.raises(SourceError, match="not a Hub repo id"):
        HubSource("../etc/passwd")
    assert isinstance(open_source("org/results"), HubSource)
