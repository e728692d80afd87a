"""Submissions from request to receipt: field rules, stores, the daily limit, concurrency."""

from __future__ import annotations

import json
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from abl.intake.form import SubmissionForm
from abl.intake.notify import WebhookNotifier, notifier_from_env
from abl.intake.request import ROLES, build_request, field_errors
from abl.intake.service import SubmissionRefused, submit
from abl.intake.store import HubStore, LocalStore, StoreError, path_part
from tests.builders import FORM_FIELDS, Recorder, run_members, write_archive

NOW = datetime(2026, 11, 2, 12, 30, 5, tzinfo=UTC)
VALID = FORM_FIELDS


def request(user="alice", **changes):
    return build_request({**VALID, **changes}, user)


def local_store(tmp_path) -> LocalStore:
    return LocalStore(tmp_path / "asta-bench-submissions", tmp_path / "asta-bench-internal-contact-info")


def archive(tmp_path, split="test", prefix="", name="run.tar.gz"):
    return write_archive(tmp_path, run_members(prefix, split), name=name)


# ---- field rules --------------------------------------------------------------------------------


def test_valid_values_pass():
    assert field_errors(VALID) == {}
    assert all(field_errors({**VALID, "role": role}) == {} for role in ROLES)  # every offered role is accepted


@pytest.mark.parametrize(
    "field,value,fragment",
    [
        ("display_name", "", "required"),
        ("display_name", "x" * 101, "limit is 100"),
        ("display_name", "bad\nname", "line breaks"),
        ("role", "Astronaut", "role"),
        ("email", "not-an-email", "does not look like an e-mail"),
        ("email", "a@b", "does not look like an e-mail"),
        ("split", "train", "validation or test"),
        ("agent_name", "", "required"),
        ("agent_description", "x" * 2001, "limit is 2000"),
        ("agent_url", "javascript:alert(1)", "http:// or https://"),
        ("agent_url", "ftp://example.org", "http:// or https://"),
        ("openness", "Open Source", "openness"),
        ("tooling", "Bespoke", "tooling"),
        ("terms_accepted", False, "Accept the terms"),
    ],
)
def test_field_rules(field, value, fragment):
    errors = field_errors({**VALID, field: value})
    assert list(errors) == [field] and fragment in errors[field]


def test_build_request_trims_and_requires_a_login():
    req = build_request({**VALID, "agent_name": "  My Agent v2  ", "agent_url": ""}, "alice")
    assert req.agent_name == "My Agent v2" and req.agent_url == "" and req.username_auth == "alice"
    with pytest.raises(ValueError, match="logged in"):
        build_request(VALID, "")
    with pytest.raises(ValueError, match="e-mail"):
        build_request({**VALID, "email": "nope"}, "alice")


def test_form_model_tracks_validity():
    form = SubmissionForm(username="alice")
    assert form.display_name == "alice" and not form.ready
    assert set(form.errors) >= {"role", "email", "agent_name", "archive", "terms_accepted"}
    form.param.update(**{k: v for k, v in VALID.items() if k != "display_name"}, archive_name="run.tar.gz")
    assert form.ready and form.errors == {}
    form.archive_name = "run.zip"
    assert not form.ready and "tar.gz" in form.errors["archive"]
    form.archive_name = "run.tgz"
    assert form.request().email == "alice@example.org"


# ---- submitting to local folders ----------------------------------------------------------------


def test_happy_path_stores_files_metadata_and_contact_record(tmp_path):
    store, notes = local_store(tmp_path), Recorder()
    receipt = submit(
        request(), archive(tmp_path, prefix="my-run/"), store=store, config="1.0.0", notifier=notes, now=NOW
    )
    folder = tmp_path / "asta-bench-submissions/1.0.0/test/alice_My-Agent-v2_2026-11-02_12-30-05"
    assert receipt.folder == "1.0.0/test/alice_My-Agent-v2_2026-11-02_12-30-05"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "eval_config.json",
        "logs/task-b.eval",
        "submission.json",
        "task-a.eval",
    ]
    metadata = json.loads((folder / "submission.json").read_text())
    assert metadata == {
        "submit_time": "2026-11-02T12:30:05+00:00",
        "username": "Alice A.",
        "agent_name": "My Agent v2",
        "agent_description": "Plans, searches, writes.",
        "agent_url": "https://example.org/agent",
        "logs_url": None,
        "logs_url_public": None,
        "summary_url": None,
        "openness": "Open source & open weights",
        "tool_usage": "Standard",
    }
    assert "alice@example.org" not in "".join(p.read_text(errors="ignore") for p in folder.rglob("*") if p.is_file())
    records = list((tmp_path / "asta-bench-internal-contact-info/1.0.0/test").glob("*.json"))
    assert len(records) == 1 and records[0].name.startswith("2026-11-02_12-30-05_alice_")
    record = json.loads(records[0].read_text())
    assert record["email"] == "alice@example.org" and record["username_auth"] == "alice"
    assert record["role"] == "PhD student" and record["email_opt_in"] is True
    assert record["dataset_url"] == folder.resolve().as_uri()
    assert receipt.contact_saved and len(receipt.files) == 4
    assert any("What happens next" in line for line in receipt.lines())
    assert notes.events[0]["folder"] == receipt.folder and "contact_record" not in notes.events[0]


def test_one_submission_per_user_and_split_per_day(tmp_path):
    store = local_store(tmp_path)
    kwargs = dict(store=store, config="1.0.0", notifier=Recorder())
    submit(request(), archive(tmp_path), now=NOW, **kwargs)
    with pytest.raises(SubmissionRefused, match="once per split every 24 hours.*after 2026-11-03 12:30 UTC"):
        submit(request(agent_name="Other"), archive(tmp_path, name="b.tar.gz"), now=NOW + timedelta(hours=23), **kwargs)
    # Another split, another user, or a day later: accepted.
    submit(request(split="validation"), archive(tmp_path, "validation", name="c.tar.gz"), now=NOW, **kwargs)
    submit(request(user="bob"), archive(tmp_path, name="d.tar.gz"), now=NOW + timedelta(minutes=1), **kwargs)
    submit(
        request(agent_name="Later"),
        archive(tmp_path, name="e.tar.gz"),
        now=NOW + timedelta(hours=24, seconds=1),
        **kwargs,
    )
    assert len(list((tmp_path / "asta-bench-submissions/1.0.0/test").iterdir())) == 3


def _refused_nothing_written(tmp_path, req, path, fragment):
    store = local_store(tmp_path)
    with pytest.raises(SubmissionRefused, match=fragment):
        submit(req, path, store=store, config="1.0.0", notifier=Recorder(), now=NOW)
    for root in (store.submissions, store.contacts):
        assert not [p for p in root.rglob("*") if p.is_file() and ".locks" not in p.parts]


def test_rejected_archive_writes_nothing(tmp_path):
    _refused_nothing_written(tmp_path, request(), archive(tmp_path, split="validation"), "validation run")


def test_split_must_match_the_form(tmp_path):
    _refused_nothing_written(
        tmp_path,
        request(split="validation"),
        archive(tmp_path, split="test"),
        "a test run but the form says validation",
    )


def test_reserved_metadata_name_is_refused(tmp_path):
    path = write_archive(tmp_path, run_members() + [("submission.json", b"{}")])
    _refused_nothing_written(tmp_path, request(), path, "reserves")


class FailingContacts(LocalStore):
    def add_contact(self, path, record, message):
        raise StoreError("contact dataset unavailable")


class FailingUploads(LocalStore):
    def add_submission(self, folder, files_dir, message):
        raise StoreError("403 Forbidden")


class WebhookRecorder(Recorder):
    delivers_contact_details = True


def test_contact_failure_is_reported_truthfully(tmp_path):
    store, notes = FailingContacts(tmp_path / "s", tmp_path / "c"), Recorder()
    receipt = submit(request(), archive(tmp_path), store=store, config="1.0.0", notifier=notes, now=NOW)
    assert not receipt.contact_saved and "contact dataset unavailable" in receipt.contact_error
    text = " ".join(receipt.lines())
    assert "could not be saved" in text and "not your e-mail address" in text
    assert notes.events[0]["contact_record"]["email"] == "alice@example.org"
    assert (tmp_path / "s" / receipt.folder / "submission.json").exists()
    # The folder still counts for the daily limit, though no contact record exists.
    with pytest.raises(SubmissionRefused, match="already submitted"):
        submit(
            request(),
            archive(tmp_path, name="b.tar.gz"),
            store=store,
            config="1.0.0",
            notifier=notes,
            now=NOW + timedelta(hours=2),
        )


def test_contact_failure_with_a_webhook_says_the_reviewers_have_the_details(tmp_path):
    store = FailingContacts(tmp_path / "s", tmp_path / "c")
    receipt = submit(request(), archive(tmp_path), store=store, config="1.0.0", notifier=WebhookRecorder(), now=NOW)
    assert "sent to the reviewers with the notification" in " ".join(receipt.lines())


def test_upload_failure_submits_nothing(tmp_path):
    store = FailingUploads(tmp_path / "s", tmp_path / "c")
    with pytest.raises(SubmissionRefused, match="Uploading your files failed.*403"):
        submit(request(), archive(tmp_path), store=store, config="1.0.0", notifier=Recorder(), now=NOW)
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").rglob("*.json"))


@pytest.mark.slow
def test_twenty_concurrent_submissions_all_land_intact(tmp_path):
    path = archive(tmp_path)
    store = local_store(tmp_path)

    def one(i: int):
        return submit(
            request(user=f"user{i:02d}", agent_name=f"Agent {i}"),
            path,
            store=store,
            config="1.0.0",
            notifier=Recorder(),
            now=NOW,
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        receipts = list(pool.map(one, range(20)))
    folders = sorted((tmp_path / "asta-bench-submissions/1.0.0/test").iterdir())
    assert len(folders) == 20 and len({r.folder for r in receipts}) == 20
    for folder in folders:
        assert (folder / "task-a.eval").read_bytes() == run_members()[1][1]
        assert json.loads((folder / "submission.json").read_text())["agent_name"].startswith("Agent ")
    records = list((tmp_path / "asta-bench-internal-contact-info/1.0.0/test").glob("*.json"))
    assert len(records) == 20
    assert {json.loads(r.read_text())["username_auth"] for r in records} == {f"user{i:02d}" for i in range(20)}
    assert not list((tmp_path / "asta-bench-submissions/1.0.0/test").glob(".incoming-*"))


def _submit_in_process(root: str, archive_path: str, queue) -> None:
    store = LocalStore(Path(root) / "subs", Path(root) / "contacts")
    try:
        submit(request(), Path(archive_path), store=store, config="1.0.0", notifier=Recorder(), now=NOW)
        queue.put("accepted")
    except SubmissionRefused as exc:
        queue.put(f"refused: {exc}")


@pytest.mark.slow
def test_daily_limit_holds_across_processes(tmp_path):
    """Two server processes share only the datasets: one of two racing submissions wins."""
    path = archive(tmp_path)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_submit_in_process, args=(str(tmp_path), str(path), queue)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    outcomes = sorted(queue.get(timeout=5) for _ in workers)
    assert outcomes[0] == "accepted" and outcomes[1].startswith("refused: You already submitted")
    assert len(list((tmp_path / "subs/1.0.0/test").iterdir())) == 1


# ---- submitting to the Hub ----------------------------------------------------------------------


def test_hub_store_commits_folder_and_record_and_enforces_the_limit(fake_hub, tmp_path):
    fake_hub.create_repo("org/asta-bench-submissions")
    fake_hub.create_repo("org/asta-bench-internal-contact-info", private=True)
    store = HubStore(
        "org/asta-bench-submissions", "org/asta-bench-internal-contact-info", token="hf_x", endpoint=fake_hub.endpoint
    )
    receipt = submit(request(), archive(tmp_path), store=store, config="1.0.0", notifier=Recorder(), now=NOW)
    commits = fake_hub.commits("org/asta-bench-submissions")
    assert len(commits) == 2  # the initial one and exactly one for the submission
    files = fake_hub.files("org/asta-bench-submissions")
    assert sorted(files) == [
        f"{receipt.folder}/{n}" for n in ("eval_config.json", "logs/task-b.eval", "submission.json", "task-a.eval")
    ]
    assert "alice@example.org" not in commits[-1]["message"]
    records = fake_hub.files("org/asta-bench-internal-contact-info")
    assert len(records) == 1 and json.loads(next(iter(records.values())))["email"] == "alice@example.org"
    assert receipt.submission_url.endswith(f"/datasets/org/asta-bench-submissions/tree/main/{receipt.folder}")
    with pytest.raises(SubmissionRefused, match="already submitted"):
        submit(
            request(),
            archive(tmp_path, name="again.tar.gz"),
            store=store,
            config="1.0.0",
            notifier=Recorder(),
            now=NOW + timedelta(hours=1),
        )


def test_hub_failure_on_upload_is_reported(fake_hub, tmp_path):
    fake_hub.create_repo("org/asta-bench-submissions")
    fake_hub.create_repo("org/asta-bench-internal-contact-info")
    store = HubStore(
        "org/asta-bench-submissions", "org/asta-bench-internal-contact-info", token="hf_x", endpoint=fake_hub.endpoint
    )
    fake_hub.fail_next(status=403, match="/commit/")
    with pytest.raises(SubmissionRefused, match="Uploading your files failed"):
        submit(request(), archive(tmp_path), store=store, config="1.0.0", notifier=Recorder(), now=NOW)
    assert fake_hub.files("org/asta-bench-internal-contact-info") == {}


# ---- helpers --------------------------------------------------------------------------------------


def test_path_parts_are_safe():
    assert path_part("../evil/ name") == "evil-name"
    assert path_part("") == "unnamed"
    assert "/" not in path_part("a/b\\c")


def test_webhook_notifier_posts_json(tmp_path):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=lambda: [server.handle_request() for _ in range(2)], daemon=True)
    thread.start()
    notifier = notifier_from_env({"ABL_REVIEW_WEBHOOK_URL": f"http://127.0.0.1:{server.server_port}/hook"})
    notifier.notify(
        {"agent_name": "A", "username_auth": "alice", "split": "test", "submission_url": "u", "contact_error": None}
    )
    # A reviewer's action (abl.review.desk) goes the same way.
    notifier.notify(
        {
            "folder": "1.0.0/test/alice_A_2026-11-02_12-30-05",
            "agent_name": "A",
            "split": "test",
            "status": "rejected",
            "by": "rita",
            "reason": "modified task",
        }
    )
    thread.join(10)
    server.server_close()
    texts = sorted(r["text"] for r in received)
    assert received[0]["event"]["agent_name"] == "A" and texts == [
        "AstaBench submission A (test split, 1.0.0/test/alice_A_2026-11-02_12-30-05) is now rejected, by rita: "
        "modified task",
        "New AstaBench submission: A by alice (test split) at u",
    ]
    with pytest.raises(ValueError):
        WebhookNotifier("file:///etc/passwd")
