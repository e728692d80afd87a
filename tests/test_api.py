"""The read-only JSON API: `abl.api` against the embedded sample, and the served site over HTTP."""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import pytest
import requests

from abl import api
from abl.cli import main as cli
from abl.live import LiveResults
from abl.results import Results
from abl.settings import SAMPLE_PREFIX
from abl.stats import Mode
from abl.summary import available_views, to_records, view_table
from tests.support.server import Server

SAMPLE = str(SAMPLE_PREFIX / "asta-bench-results")
ELICIT = "elicit-undisclosed"  # ran one benchmark of one category: absent from most views
NEW_ROW = "api-test-agent"


@pytest.fixture(scope="module")
def live() -> LiveResults:
    return LiveResults(Results(SAMPLE))


def get(live: LiveResults, path: str, query: str = "", **headers: str) -> api.ApiResponse:
    return api.handle(live, path, query, headers.get("if_none_match"), headers.get("accept_encoding"))


def body(response: api.ApiResponse) -> dict:
    return json.loads(response.body)


def summary_json(capsys, results: str, split: str, view: str, mode: str) -> list[dict]:
    code = cli(["summary", "--results", results, "--split", split, "--view", view, "--mode", mode, "--format", "json"])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


def add_row(dataset: Path, name: str = NEW_ROW) -> None:
    """A new result file in the test split: a copy of ReAct (gpt-5)'s under another agent name."""
    folder = dataset / "1.0.0" / "test"
    row = json.loads((folder / "react-gpt-5.json").read_text())
    row["submission"]["agent_name"] = "API test agent"
    (folder / f"{name}.json").write_text(json.dumps(row))


# --- abl.api, no server --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "split, view, mode",
    [
        ("test", "overall", "leaderboard"),
        ("test", "lit", "paper"),
        ("test", "DS-1000", "leaderboard"),
        ("validation", "overall", "paper"),
    ],
)
def test_leaderboard_is_to_records_and_the_cli_summary(capsys, live, split, view, mode):
    data = live.data(split)
    answer = get(live, "/api/v1/leaderboard", f"split={split}&view={view}&mode={mode}")
    assert answer.status == 200 and answer.headers["Content-Type"] == "application/json; charset=utf-8"
    got = body(answer)
    table = view_table(data, view, mode, internal=live.results.internal)
    assert got["rows"] == to_records(table)
    assert got["rows"] == summary_json(capsys, SAMPLE, split, view, mode)
    view_object = table.attrs["view"]
    assert got["view"] == {"key": view_object.key, "title": view_object.title, "kind": view_object.kind}
    assert (got["split"], got["mode"], got["revision"]) == (split, mode, data.revision.id)


WHAT_IF = ["--prices", "gpt-5-mini=3,gpt-4.1=1/4", "--as-of", "2026-06-01"]


def test_what_if_prices_and_a_past_date_are_the_cli_summary_with_them(capsys, live):
    """The site's link keys `prices` and `asof` give exactly `abl summary --prices --as-of`."""
    query = "split=validation&view=lit&prices=gpt-5-mini%3D3%2Cgpt-4.1%3D1%2F4&asof=2026-06-01"
    got = body(get(live, "/api/v1/leaderboard", query))
    code = cli(["summary", "--results", SAMPLE, "--split", "validation", "--view", "lit", "--format", "json", *WHAT_IF])
    out, _ = capsys.readouterr()
    assert code == 0 and got["rows"] == json.loads(out)
    assert (got["prices"], got["asof"]) == ("gpt-4.1=1/4,gpt-5-mini=3", "2026-06-01")
    published = body(get(live, "/api/v1/leaderboard", "split=validation&view=lit"))
    assert (published["prices"], published["asof"]) == (None, None)
    assert len(got["rows"]) < len(published["rows"])  # later submissions are not there yet
    costs = {r["id"]: r["cost"] for r in published["rows"]}
    assert any(r["cost"] != costs[r["id"]] for r in got["rows"])  # and gpt-5-mini's users cost more


def test_what_if_answers_are_kept_as_recent_ones_and_share_a_tag_per_meaning(live):
    data = live.data("validation")
    spellings = ["prices=gpt-5-mini%3D3", "prices=%20gpt-5-mini%20%3D%203%20", "prices=gpt-5-mini%3D3%2C"]
    answers = [get(live, "/api/v1/leaderboard", f"split=validation&view=lit&{q}") for q in spellings]
    assert len({a.headers["ETag"] for a in answers}) == 1 and answers[0].body is answers[2].body
    request = api._normalise(
        data, api.parse_request("/api/v1/leaderboard", f"split=validation&view=lit&{spellings[0]}")
    )
    key = request.key(live.results.internal)
    assert request.what_if and key not in data.cache and any(key in kept for kept in data._recent.values())


def test_leaderboard_defaults_to_the_overall_test_board(live):
    got = body(get(live, "/api/v1/leaderboard"))
    assert (got["split"], got["view"]["key"], got["mode"]) == ("test", "overall", "leaderboard")
    assert len(got["rows"]) == 57 and got["rows"][0]["agent"] == "Asta v0"
    elicit = next(r for r in got["rows"] if r["id"] == ELICIT)
    assert elicit["cost"] is None and elicit["cost_ci"] is None  # unknown: null, never NaN


def test_every_spelling_of_a_view_shares_one_encoded_body_and_etag(live):
    answers = [get(live, "/api/v1/leaderboard", f"view={v}") for v in ("lit", "Literature%20Understanding", "LIT")]
    assert len({a.headers["ETag"] for a in answers}) == 1
    assert answers[0].body is answers[1].body is answers[2].body  # encoded once for the revision
    benchmark = [get(live, "/api/v1/leaderboard", f"view={v}") for v in ("DS-1000", "DS_1000")]
    assert benchmark[0].body is benchmark[1].body and body(benchmark[0])["view"]["key"] == "DS-1000"


def test_views_lists_each_view_with_its_components(live):
    got = body(get(live, "/api/v1/views", "split=test"))
    views = available_views(live.data("test").stats)
    assert [v["key"] for v in got["views"]] == [v.key for v in views]
    assert len(views) == 16
    overall = got["views"][0]
    assert overall["kind"] == "overall" and overall["components"][0] == {
        "key": "lit",
        "title": "Literature Understanding",
    }
    ds1000 = next(v for v in got["views"] if v["key"] == "DS-1000")
    assert ds1000 == {"key": "DS-1000", "title": "DS-1000", "kind": "benchmark", "components": []}


def test_an_agent_has_its_record_in_every_view_and_mode(live):
    data = live.data("test")
    got = body(get(live, f"/api/v1/agents/{ELICIT}"))
    assert got["agent"]["id"] == ELICIT and got["agent"]["agent"] == "Elicit"
    overall_record = got["views"][0]["leaderboard"]
    assert got["agent"] == {k: overall_record[k] for k in api.AGENT_FIELDS}  # what does not depend on the view
    views = available_views(data.stats)
    assert [v["view"]["key"] for v in got["views"]] == [v.key for v in views]
    present = 0
    for view, entry in zip(views, got["views"]):
        for mode in Mode:
            rows = {r["id"]: r for r in to_records(view_table(data, view, mode, internal=live.results.internal))}
            assert entry[mode.value] == rows.get(ELICIT)  # its record in that table, or null
            present += entry[mode.value] is not None
    assert 0 < present < 2 * len(views)
    overall = view_table(data, "overall", internal=live.results.internal).set_index("id")
    assert got["views"][0]["leaderboard"]["score"] == overall.loc[ELICIT, "score"]
    assert got["views"][0]["leaderboard"]["rank"] == overall.loc[ELICIT, "rank"]


def test_an_agents_body_is_kept_for_the_next_request(live):
    first, second = get(live, "/api/v1/agents/react-gpt-5"), get(live, "/api/v1/agents/react-gpt-5")
    assert first.body is second.body


def test_etag_then_304(live):
    first = get(live, "/api/v1/leaderboard", "view=code")
    tag = first.headers["ETag"]
    assert tag.startswith('"v1-') and first.headers["Cache-Control"] == "public, max-age=60"
    for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        again = get(live, "/api/v1/leaderboard", "view=code", if_none_match=sent)
        assert (again.status, again.body, again.headers["ETag"]) == (304, b"", tag)
    assert get(live, "/api/v1/leaderboard", "view=code", if_none_match='"other"').status == 200
    assert get(live, "/api/v1/leaderboard", "view=data", if_none_match=tag).status == 200
    assert get(live, "/api/v1/leaderboard", "view=code&mode=paper", if_none_match=tag).status == 200


def test_gzip_is_a_representation_of_its_own(live):
    plain = get(live, "/api/v1/leaderboard")
    packed = get(live, "/api/v1/leaderboard", accept_encoding="gzip, deflate")
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(packed.body) == plain.body and len(packed.body) < len(plain.body) / 4
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert packed.headers["Vary"] == plain.headers["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize(
    "header, gzipped",
    [(None, False), ("", False), ("gzip", True), ("br, GZIP;q=0.5", True), ("gzip;q=0", False), ("*", True)],
)
def test_accepts_gzip(header, gzipped):
    assert api.accepts_gzip(header) is gzipped


@pytest.mark.parametrize(
    "path, query, status, parameter",
    [
        ("/api/v1/leaderboard", "split=train", 400, "split"),
        ("/api/v1/leaderboard", "view=nope", 400, "view"),
        ("/api/v1/leaderboard", "view=", 400, "view"),
        ("/api/v1/leaderboard", "mode=fast", 400, "mode"),
        ("/api/v1/leaderboard", "prices=nobody-model%3D2", 400, "prices"),
        ("/api/v1/leaderboard", "prices=gpt-5%3D-1", 400, "prices"),
        ("/api/v1/leaderboard", "prices=gpt-5", 400, "prices"),
        ("/api/v1/leaderboard", "asof=yesterday", 400, "asof"),
        ("/api/v1/leaderboard", "asof=2026-02-30", 400, "asof"),
        ("/api/v1/views", "asof=2026-01-01", 400, "asof"),
        ("/api/v1/leaderboard", "colour=red", 400, "colour"),
        ("/api/v1/leaderboard", "split=test&split=validation", 400, "split"),
        ("/api/v1/leaderboard", "view=" + "x" * 300, 400, "view"),
        ("/api/v1/leaderboard", "&".join(f"a{i}=1" for i in range(20)), 400, None),
        ("/api/v1/leaderboard", "view=%ff", 400, None),
        ("/api/v1/views", "mode=paper", 400, "mode"),
        ("/api/v1/agents/react-gpt-5", "view=lit", 400, "view"),
        ("/api/v1/agents/nobody", "", 404, "id"),
        ("/api/v1/agents/..%2F..%2Fetc%2Fpasswd", "", 404, "id"),
        ("/api/v1/agents/" + "a" * 300, "", 400, "id"),
        ("/api/v1/agents/react-gpt-5", "split=validation", 404, "id"),
        ("/api/v1/agents/", "", 404, None),
        ("/api/v1/agents/a/b", "", 404, None),
        ("/api/v1/nothing", "", 404, None),
        ("/api/v2/views", "", 404, None),
        ("/api", "", 404, None),
    ],
)
def test_bad_requests_get_a_json_error(live, path, query, status, parameter):
    answer = get(live, path, query)
    assert answer.status == status and answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert answer.headers["Cache-Control"] == "no-store"
    error = body(answer)["error"]
    assert set(error) == {"status", "message", "parameter"}
    assert error["status"] == status and error["parameter"] == parameter and error["message"]


def test_an_unknown_parameter_name_is_quoted_back_shortened(live):
    error = body(get(live, "/api/v1/views", "n" * 5000 + "=1"))["error"]
    assert error["parameter"] == "n" * api.MAX_NAME_SHOWN + "…" and len(error["message"]) < 200


def test_a_data_load_failure_is_a_503_with_a_short_reason(tmp_path):
    empty = tmp_path / "empty"  # a folder whose README lists no configs
    empty.mkdir()
    answer = get(LiveResults(Results(empty)), "/api/v1/leaderboard")
    assert answer.status == 503 and answer.headers["Retry-After"] == "60"
    error = body(answer)["error"]
    assert error["message"] == "the test results could not be loaded (SourceError); try again later"
    assert str(tmp_path) not in answer.body.decode()


def test_a_new_revision_gets_a_new_etag(tmp_path):
    dataset = tmp_path / "asta-bench-results"
    shutil.copytree(SAMPLE, dataset)
    live = LiveResults(Results(dataset))
    before = get(live, "/api/v1/leaderboard")
    assert get(live, f"/api/v1/agents/{NEW_ROW}").status == 404
    add_row(dataset)
    assert live.refresh()
    after = get(live, "/api/v1/leaderboard", if_none_match=before.headers["ETag"])
    assert after.status == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert NEW_ROW in {r["id"] for r in body(after)["rows"]}
    assert body(get(live, f"/api/v1/agents/{NEW_ROW}"))["agent"]["agent"] == "API test agent"


# --- the served site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    prefix = tmp_path_factory.mktemp("prefix")
    shutil.copytree(SAMPLE, prefix / "asta-bench-results")
    return prefix / "asta-bench-results"


@pytest.fixture(scope="module")
def site(dataset):
    server = Server(env={"ABL_DATASET_PREFIX": str(dataset.parent), "ABL_REFRESH_SECONDS": "1"})
    yield server
    server.stop()


def fetch(site: Server, path: str, method: str = "GET", **headers: str) -> requests.Response:
    return requests.request(method, site.url + path, headers=headers, timeout=30)


@pytest.mark.server
def test_http_answers_json_readable_from_any_site(site, dataset, capsys):
    answer = fetch(site, "/api/v1/leaderboard?view=lit&mode=paper", **{"Accept-Encoding": "identity"})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Cache-Control"] == "public, max-age=60" and "Content-Encoding" not in answer.headers
    assert answer.json()["rows"] == summary_json(capsys, str(dataset), "test", "lit", "paper")
    head = fetch(site, "/api/v1/leaderboard?view=lit&mode=paper", "HEAD", **{"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == str(len(answer.content))


@pytest.mark.server
def test_http_gzips_once_when_asked(site):
    answer = requests.get(
        site.url + "/api/v1/leaderboard", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30
    )
    raw = answer.raw.read(decode_content=False)
    assert answer.headers["Content-Encoding"] == "gzip" and answer.headers["Vary"] == "Accept-Encoding"
    assert len(json.loads(gzip.decompress(raw))["rows"]) == 57  # one layer of gzip, then JSON


@pytest.mark.server
def test_http_etag_then_304(site):
    first = fetch(site, "/api/v1/agents/react-gpt-5")
    tag = first.headers["ETag"]
    again = fetch(site, "/api/v1/agents/react-gpt-5", **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == tag and again.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.server
@pytest.mark.parametrize(
    "path, status, parameter",
    [
        ("/api/v1/leaderboard?split=train", 400, "split"),
        ("/api/v1/leaderboard?view=%3Cscript%3E", 400, "view"),
        ("/api/v1/leaderboard?mode=fast", 400, "mode"),
        ("/api/v1/views?colour=red", 400, "colour"),
        ("/api/v1/agents/nobody", 404, "id"),
        ("/api/v1/nothing", 404, None),
        ("/api/", 404, None),
    ],
)
def test_http_errors_are_json(site, path, status, parameter):
    answer = fetch(site, path)
    assert answer.status_code == status and answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.json()["error"]["parameter"] == parameter


@pytest.mark.server
def test_http_other_methods_are_405_and_the_preflight_allows_get(site):
    for method in ("POST", "PUT", "DELETE"):
        refused = fetch(site, "/api/v1/leaderboard", method)
        assert refused.status_code == 405 and refused.headers["Allow"] == "GET, HEAD, OPTIONS"
        assert refused.json()["error"]["status"] == 405
    preflight = fetch(
        site,
        "/api/v1/leaderboard",
        "OPTIONS",
        Origin="https://elsewhere.example",
        **{"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET"
    assert preflight.headers["Access-Control-Allow-Headers"] == "If-None-Match"


@pytest.mark.server
def test_http_a_new_revision_gets_a_new_etag(site, dataset):
    before = fetch(site, "/api/v1/leaderboard").headers["ETag"]
    add_row(dataset, "api-test-http")
    deadline = time.time() + 30  # the site re-checks the data every second (ABL_REFRESH_SECONDS=1)
    while (answer := fetch(site, "/api/v1/leaderboard", **{"If-None-Match": before})).status_code == 304:
        assert time.time() < deadline, "the new row did not show"
        time.sleep(0.5)
    assert answer.status_code == 200 and answer.headers["ETag"] != before
    assert "api-test-http" in {r["id"] for r in answer.json()["rows"]}
