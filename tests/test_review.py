"""The review loop on local datasets: a genuine agent-eval run submitted through the form, scored
with agent-eval, previewed, published and shown on the leaderboard; rejections, failures, races."""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from abl.intake.notify import LogNotifier
from abl.intake.request import build_request
from abl.intake.service import submit
from abl.intake.store import LocalStore
from abl.results import Results
from abl.review.desk import ReviewDesk, Reviewers, ReviewRefused
from abl.review.ledger import AlreadyPublished, HubLedger, LocalLedger
from abl.settings import SAMPLE_PREFIX, Settings, SettingsError
from tests.builders import FORM_FIELDS, Recorder, run_members, write_archive

pytestmark = pytest.mark.agent_eval

FIELDS = {**FORM_FIELDS, "agent_name": "MockAgent"}


class Datasets:
    """The results dataset (a copy of the sample), the submissions and contact datasets, a desk."""

    def __init__(self, tmp_path):
        self.results = tmp_path / "asta-bench-results"
        shutil.copytree(SAMPLE_PREFIX / "asta-bench-results", self.results)
        self.submissions = tmp_path / "asta-bench-submissions"
        self.store = LocalStore(self.submissions, tmp_path / "asta-bench-internal-contact-info")
        self.notes = Recorder()
        self.desk = ReviewDesk(
            LocalLedger(self.submissions, self.results),
            "1.0.0",
            self.notes,
            leaderboard=lambda split: Results(str(self.results)).split(split),
        )
        self.tmp = tmp_path

    def submit(self, archive, user="alice", **fields):
        request = build_request({**FIELDS, **fields}, user)
        return submit(request, archive, store=self.store, config="1.0.0", notifier=LogNotifier())


@pytest.fixture
def scored(agent_eval_runs, tmp_path):
    """A genuine run, submitted by alice and scored by the reviewer rita."""
    data = Datasets(tmp_path)
    data.submit(agent_eval_runs["full"].tarred(tmp_path))
    (pending,) = data.desk.pending()
    assert pending.status == "checked"
    return data, data.desk.score(pending, by="rita")


def test_the_whole_path_from_form_to_leaderboard(scored, agent_eval_runs):
    data, submission = scored
    desk, run = data.desk, agent_eval_runs["full"]
    assert submission.status == "scored" and [e.action for e in submission.events] == ["scoring-started", "scored"]
    assert all(e.by == "rita" for e in submission.events)
    # Scoring wrote agent-eval's own summary, and the row `agenteval lb publish` would write.
    assert desk.summary_stats(submission) == run.summary
    row = json.loads(desk.scored_row(submission))
    assert row["submission"]["logs_url"] == (data.submissions / submission.folder).resolve().as_uri()
    # (agent-eval lists results in the order it finds the logs on disk.)
    by_task = lambda r: {**r, "submission": None, "results": sorted(r["results"], key=lambda t: t["task_name"])}  # noqa: E731
    assert by_task(row) == by_task(run.row)

    preview = desk.preview(submission)
    overall = preview.placements[0]
    assert preview.label == "MockAgent (gpt-4.1-mini)" and overall.view == "Overall"
    assert overall.score == pytest.approx(run.summary["stats"]["overall"]["score"], rel=1e-12)

    where = desk.publish(submission, by="rita")
    published = data.results / f"{submission.folder}.json"
    assert where == published.resolve().as_uri() and published.read_bytes() == desk.scored_row(submission)
    table = Results(str(data.results)).table("test", "overall")
    mine = table[table["agent"] == "MockAgent"].iloc[0]
    assert (mine["rank"], mine["score"], bool(mine["frontier"])) == (overall.rank, overall.score, overall.on_frontier)

    after = desk.submission("test", submission.name)
    assert after.status == "published" and after.events[-1].action == "published"
    assert [(e["status"], e["by"]) for e in data.notes.events] == [("scored", "rita"), ("published", "rita")]
    assert [s.status for s in desk.of_user("alice")] == ["published"] and desk.of_user("bob") == []
    assert desk.pending() == []


def test_a_submission_is_published_once(scored):
    data, submission = scored
    results = []

    def publish():
        try:
            results.append(data.desk.publish(submission, by="rita"))
        except ReviewRefused as exc:
            results.append(exc)

    threads = [threading.Thread(target=publish) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, str) for r in results) == 1
    assert all("already published" in str(r) or "is published" in str(r) for r in results if not isinstance(r, str))
    with pytest.raises(ReviewRefused, match="is published"):
        data.desk.reject(submission, by="rita", reason="too late")


def test_rejection_needs_a_reason_and_stops_the_review(scored):
    data, submission = scored
    with pytest.raises(ReviewRefused, match="Say why"):
        data.desk.reject(submission, by="rita", reason="   ")
    data.desk.reject(submission, by="rita", reason="The run\nused a modified task.")
    rejected = data.desk.submission("test", submission.name)
    assert rejected.status == "rejected" and rejected.rejection.reason == "The run used a modified task."
    assert rejected.timeline()[-1][1] == "rejected: The run used a modified task."
    with pytest.raises(ReviewRefused, match="is rejected"):
        data.desk.publish(rejected, by="rita")
    assert not (data.results / f"{submission.folder}.json").exists()
    assert data.notes.events[-1] == {
        "folder": submission.folder,
        "agent_name": "MockAgent",
        "split": "test",
        "status": "rejected",
        "by": "rita",
        "reason": "The run used a modified task.",
    }


def test_a_run_that_fails_scoring_says_why_and_keeps_the_log(tmp_path):
    data = Datasets(tmp_path)
    # Passes the archive rules, but its "logs" are not Inspect logs.
    data.submit(write_archive(tmp_path, run_members(prefix="my-run/")))
    (pending,) = data.desk.pending()
    with pytest.raises(ReviewRefused, match="Scoring failed: ValidationError: .* The scorer.s log is kept"):
        data.desk.score(pending, by="rita")
    after = data.desk.submission("test", pending.name)
    assert after.status == "checked" and after.scoring_failure is not None
    assert not (data.submissions / "summaries").exists()  # nothing half-written
    logs = [p for p in (data.submissions / "events").rglob("*score.log")]
    assert len(logs) == 1 and b"Traceback" in logs[0].read_bytes()
    with pytest.raises(ReviewRefused, match="Score the submission first"):
        data.desk.preview(after)
    with pytest.raises(ReviewRefused, match="is checked"):
        data.desk.publish(after, by="rita")


def test_publishing_can_be_refused_by_the_server(scored):
    data, submission = scored
    data.desk.publish_refusal = "This server shows the embedded sample; it publishes nowhere."
    with pytest.raises(ReviewRefused, match="embedded sample"):
        data.desk.publish(submission, by="rita")
    assert not (data.results / f"{submission.folder}.json").exists()


def test_reviewers_setting():
    reviewers = Reviewers.of(Settings.from_env({"ABL_REVIEWERS": " rita, org:allenai ,"}).reviewers)
    assert reviewers.allows("rita") and reviewers.allows("sam", ["allenai"])
    assert not reviewers.allows("sam", ["other"]) and not reviewers.allows(None) and not Reviewers().allows("rita")
    for bad in ("rita, org:", "ri ta"):
        with pytest.raises(SettingsError, match="ABL_REVIEWERS"):
            Settings.from_env({"ABL_REVIEWERS": bad})


def test_hub_ledger_publishes_once_under_a_race(fake_hub):
    fake_hub.create_repo("org/asta-bench-results", {"README.md": b"# results\n"})
    fake_hub.create_repo("org/asta-bench-submissions", {"1.0.0/test/a_b_2025-01-01_00-00-00/submission.json": b"{}"})
    ledger = HubLedger("org/asta-bench-submissions", "org/asta-bench-results", token="hf_x", endpoint=fake_hub.endpoint)
    outcomes = []

    def publish(n):
        try:
            outcomes.append(ledger.publish("1.0.0/test/a_b_2025-01-01_00-00-00.json", f'{{"n": {n}}}'.encode(), "p"))
        except AlreadyPublished:
            outcomes.append(None)

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(o is not None for o in outcomes) == 1
    assert ledger.published("1.0.0/test/a_b_2025-01-01_00-00-00.json")
    ledger.add({"events/1.0.0/test/a_b_2025-01-01_00-00-00/x.json": b"{}"}, "event")
    assert ledger.listing("events/1.0.0/test/a_b_2025-01-01_00-00-00") == [
        "events/1.0.0/test/a_b_2025-01-01_00-00-00/x.json"
    ]
    assert ledger.folders("1.0.0", "test") == ["a_b_2025-01-01_00-00-00"]
    assert ledger.read("1.0.0/test/a_b_2025-01-01_00-00-00/submission.json") == b"{}"
    assert ledger.read("1.0.0/test/nothing.json") is None


def test_damaged_event_files_are_ignored_and_only_owners_see_their_submissions(tmp_path):
    data = Datasets(tmp_path)
    data.submit(write_archive(tmp_path, run_members(prefix="my-run/")))
    data.submit(
        write_archive(tmp_path, run_members(prefix="my-run/"), name="b.tar.gz"), user="bob_smith", agent_name="v1"
    )
    (alice,) = data.desk.of_user("alice")
    events = data.submissions / "events" / alice.folder
    events.mkdir(parents=True)
    (events / "2026-01-01_00-00-00_0123456789ab_published.json").write_text("not json")
    (events / "2026-01-01_00-00-00_0123456789ab_rejected.json").write_text('{"by": "x"}')  # no time
    (events / "notes.json").write_text('{"action": "rejected", "by": "x", "at": "2026-01-01T00:00:00+00:00"}')
    assert data.desk.submission("test", alice.name).status == "checked"
    # `bob` must not see `bob_smith`'s folder (bob_smith_v1_<time> could be bob's agent "smith_v1").
    assert data.desk.of_user("bob") == [] and [s.agent_name for s in data.desk.of_user("bob_smith")] == ["v1"]
    with pytest.raises(ReviewRefused, match="no such submission"):
        data.desk.submission("test", "../../etc")


def test_the_whole_path_on_the_hub_stand_in(fake_hub, agent_eval_runs, tmp_path):
    from abl.intake.store import HubStore
    from abl.sources import HubSource

    sample = SAMPLE_PREFIX / "asta-bench-results"
    fake_hub.create_repo(
        "org/asta-bench-results",
        {p.relative_to(sample).as_posix(): p.read_bytes() for p in sample.rglob("*") if p.is_file()},
    )
    fake_hub.create_repo("org/asta-bench-submissions")
    fake_hub.create_repo("org/asta-bench-internal-contact-info", private=True)
    store = HubStore(
        "org/asta-bench-submissions", "org/asta-bench-internal-contact-info", token="hf_x", endpoint=fake_hub.endpoint
    )
    submit(
        build_request(FIELDS, "alice"),
        agent_eval_runs["full"].tarred(tmp_path),
        store=store,
        config="1.0.0",
        notifier=LogNotifier(),
    )

    def leaderboard(split):
        return Results(
            HubSource("org/asta-bench-results", token="hf_x", cache_dir=tmp_path / "cache", endpoint=fake_hub.endpoint)
        ).split(split)

    notes = Recorder()
    ledger = HubLedger("org/asta-bench-submissions", "org/asta-bench-results", token="hf_x", endpoint=fake_hub.endpoint)
    desk = ReviewDesk(ledger, "1.0.0", notes, leaderboard=leaderboard)
    (pending,) = desk.pending()
    scored = desk.score(pending, by="rita")
    files = fake_hub.files("org/asta-bench-submissions")
    summaries = f"summaries/{pending.folder}"
    assert {f"{summaries}/{name}" for name in ("scores.json", "summary_stats.json", "row.json")} <= set(files)
    row = json.loads(files[f"{summaries}/row.json"])
    assert row["submission"]["logs_url"] == f"hf://datasets/org/asta-bench-submissions/{pending.folder}"
    placement = desk.preview(scored).placements[0]

    desk.publish(scored, by="rita")
    assert fake_hub.files("org/asta-bench-results")[f"{pending.folder}.json"] == files[f"{summaries}/row.json"]
    table = Results(
        HubSource("org/asta-bench-results", token="hf_x", cache_dir=tmp_path / "cache2", endpoint=fake_hub.endpoint)
    ).table("test")
    mine = table[table["agent"] == "MockAgent"].iloc[0]
    assert (mine["rank"], mine["score"]) == (placement.rank, placement.score)
    assert mine["logs_url"] is None  # public mode shows logs_url_public only
    assert [s.status for s in desk.of_user("alice")] == ["published"]
    with pytest.raises(ReviewRefused, match="is published"):
        desk.publish(scored, by="sam")
    assert [e["status"] for e in notes.events] == ["scored", "published"]
