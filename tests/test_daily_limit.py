"""The daily limit counts a user's own submissions only: `bob` with agent `smith_v1` makes the
folder `bob_smith_v1_<stamp>`, which must not refuse the user `bob_smith`."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from abl.intake.service import SubmissionRefused, submit
from abl.intake.store import HubStore, StoreError, submission_folder
from tests.test_intake import NOW, FailingContacts, Recorder, archive, local_store, request

SUBMISSIONS, CONTACTS = "org/asta-bench-submissions", "org/asta-bench-internal-contact-info"


class FailingHubContacts(HubStore):
    def add_contact(self, path, record, message):
        raise StoreError("contact dataset unavailable")


def hub_store(fake_hub, cls: type[HubStore] = HubStore) -> HubStore:
    fake_hub.create_repo(SUBMISSIONS)
    fake_hub.create_repo(CONTACTS, private=True)
    return cls(SUBMISSIONS, CONTACTS, token="hf_x", endpoint=fake_hub.endpoint)


def bob_then_bob_smith(store, tmp_path: Path) -> None:
    """bob submits `smith_v1`; an hour later bob_smith is accepted and bob is refused."""
    kwargs = dict(store=store, config="1.0.0", notifier=Recorder())
    receipt = submit(request("bob", agent_name="smith_v1"), archive(tmp_path), now=NOW, **kwargs)
    assert receipt.folder.endswith("/bob_smith_v1_2026-11-02_12-30-05")
    later = NOW + timedelta(hours=1)
    submit(request("bob_smith", agent_name="Other"), archive(tmp_path, name="b.tar.gz"), now=later, **kwargs)
    with pytest.raises(SubmissionRefused, match="already submitted to the test split at 2026-11-02 12:30"):
        submit(request("bob", agent_name="Again"), archive(tmp_path, name="c.tar.gz"), now=later, **kwargs)
    with pytest.raises(SubmissionRefused, match="already submitted to the test split at 2026-11-02 13:30"):
        submit(
            request("bob_smith", agent_name="Again"),
            archive(tmp_path, name="d.tar.gz"),
            now=later + timedelta(minutes=1),
            **kwargs,
        )


def test_a_user_whose_name_prefixes_another_folder_is_not_refused(tmp_path):
    bob_then_bob_smith(local_store(tmp_path), tmp_path)


def test_without_contact_records_the_folder_metadata_decides(tmp_path):
    # bob's contact record fails: his folder alone must limit him, and only him.
    bob_then_bob_smith(FailingContacts(tmp_path / "s", tmp_path / "c"), tmp_path)


def test_on_the_hub_a_prefix_is_not_an_owner(fake_hub, tmp_path):
    bob_then_bob_smith(hub_store(fake_hub), tmp_path)


def test_on_the_hub_without_contact_records_the_folder_metadata_decides(fake_hub, tmp_path):
    bob_then_bob_smith(hub_store(fake_hub, FailingHubContacts), tmp_path)


def test_a_folder_without_metadata_blocks_nobody(tmp_path, fake_hub):
    """Whose `bob_smith_v1_<stamp>` is cannot be told without its metadata: it refuses nobody."""
    folder = submission_folder("1.0.0", "test", "bob", "smith_v1", NOW)
    local = local_store(tmp_path)
    (local.submissions / folder).mkdir(parents=True)
    (local.submissions / folder / "task-a.eval").write_bytes(b"x")
    hub = hub_store(fake_hub)
    fake_hub.commit(SUBMISSIONS, {f"{folder}/task-a.eval": b"x"})
    later = NOW + timedelta(hours=1)
    for store in (local, hub):
        for user in ("bob", "bob_smith"):
            assert store.recent_submissions(user, "1.0.0", "test", NOW - timedelta(hours=1), "submission.json") == []
        submit(request("bob_smith"), archive(tmp_path), store=store, config="1.0.0", notifier=Recorder(), now=later)


def test_damaged_metadata_counts_for_nobody(tmp_path):
    store = local_store(tmp_path)
    folder = store.submissions / submission_folder("1.0.0", "test", "bob", "smith_v1", NOW)
    folder.mkdir(parents=True)
    since = NOW - timedelta(hours=1)
    for damaged in (b"{not json", b"[]", json.dumps({"agent_name": 3}).encode(), b"\xff"):
        (folder / "submission.json").write_bytes(damaged)
        assert store.recent_submissions("bob", "1.0.0", "test", since, "submission.json") == []
    (folder / "submission.json").write_text(json.dumps({"agent_name": "smith_v1"}))
    assert store.recent_submissions("bob", "1.0.0", "test", since, "submission.json") == [NOW.replace(microsecond=0)]
    assert store.recent_submissions("bob_smith", "1.0.0", "test", since, "submission.json") == []


def test_unreadable_hub_metadata_refuses_rather_than_guesses(fake_hub, tmp_path):
    """A network failure reading a folder's metadata is not "no owner": the check says it failed."""
    store = hub_store(fake_hub, FailingHubContacts)
    kwargs = dict(store=store, config="1.0.0", notifier=Recorder())
    submit(request("bob", agent_name="smith_v1"), archive(tmp_path), now=NOW, **kwargs)
    fake_hub.fail_next(status=403, match="/submission.json")
    with pytest.raises(SubmissionRefused, match="could not check your earlier submissions.*asta-bench-submissions"):
        submit(request("bob"), archive(tmp_path, name="b.tar.gz"), now=NOW + timedelta(hours=1), **kwargs)


def test_contact_record_names_are_matched_exactly(tmp_path):
    """A record's file name ends in `_<8 hex>.json`, so its user part is exact: bob_smith's record is not bob's."""
    store = local_store(tmp_path)
    submit(
        request("bob_smith", agent_name="v1"),
        archive(tmp_path),
        store=store,
        config="1.0.0",
        notifier=Recorder(),
        now=NOW,
    )
    since = NOW - timedelta(hours=1)
    assert store.recent_contacts("bob", "1.0.0", "test", since) == []
    assert [r["username_auth"] for r in store.recent_contacts("bob_smith", "1.0.0", "test", since)] == ["bob_smith"]
