"""The review loop on local datasets: a genuine agent-eval run submitted through the form, scored
with agent-eval, previewed, published and shown on the leaderboard; rejections, failures, races."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading

import pytest

from abl.intake.notify import LogNotifier
from abl.intake.request import build_request
from abl.intake.service import submit
from abl.intake.store import LocalStore
from abl.results import Results
from abl.review.desk import Reviewers, ReviewDesk, ReviewRefused
from abl.review.ledger import AlreadyPublished, HubLedger, LocalLedger
from abl.settings import SAMPLE_PREFIX
from tests.builders import run_members, write_archive

pytestmark = pytest.mark.agent_eval

FIELDS = {"display_name": "Alice", "role": "PhD student", "email": "alice@example.org", "email_opt_in": False,
          "split": "test", "agent_name": "MockAgent", "agent_description": "Answers every question alike.",
          "agent_url": "", "openness": "Open source & open weights", "tooling": "Standard", "terms_accepted": True}


class Recorder:
    def __init__(self):
        self.events = []

    def notify(self, event):
        self.events.append(event)


class Datasets:
    """The results dataset (a copy of the sample), the submissions and contact datasets, a desk."""

    def __init__(self, tmp_path):
        self.results = tmp_path / "asta-bench-results"
        shutil.copytree(SAMPLE_PREFIX / "asta-bench-results", self.results)
        self.submissions = tmp_path / "asta-bench-submissions"
        self.store = LocalStore(self.submissions, tmp_path / "asta-bench-internal-contact-info")
        self.notes = Recorder()
        self.desk = ReviewDesk(LocalLedger(self.submissions, self.results), "1.0.0", self.notes,
                               leaderboard=lambda split: Results(str(self.results)).split(split))
        self.tmp = tmp_path

    def submit(self, archive, user="alice", **fields):
        request = build_request({**FIELDS, **fields}, user)
        return submit(request, archive, store=self.store, config="1.0.0", notifier=LogNotifier())


def tarred(run, tmp_path):
    archive = tmp_path / "run.tar.gz"
    subprocess.run(["tar", "czf", str(archive), f"logs/{run.log_dir.name}"], cwd=run.log_dir.parents[1], check=True)
    return archive


@pytest.fixture
def scored(agent_eval_runs, tmp_path):
    """A genuine run, submitted by alice and scored by the reviewer rita."""
    data = Datasets(tmp_path)
    data.submit(tarred(agent_eval_runs["full"], tmp_path))
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
    assert data.notes.events[-1] == {"folder": submission.folder, "agent_name": "MockAgent", "split": "test",
                                     "status": "rejected", "by": "rita", "reason": "The run used a modified task."}


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
    reviewers = Reviewers.parse(" rita, org:allenai ,")
    assert reviewers.allows("rita") and reviewers.allows("sam", ["allenai"])
    assert not reviewers.allows("sam", ["other"]) and not reviewers.allows(None) and not Reviewers().allows("rita")
    with pytest.raises(ValueError, match="ABL_REVIEWERS"):
        Reviewers.parse("rita, org:")


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
        "events/1.0.0/test/a_b_2025-01-01_00-00-00/x.json"]
    assert ledger.folders("1.0.0", "test") == ["a_b_2025-01-01_00-00-00"]
    assert ledger.read("1.0.0/test/a_b_2025-01-01_00-00-00/submission.json") == b"{}"
    assert ledger.read("1.0.0/test/nothing.json") is None
