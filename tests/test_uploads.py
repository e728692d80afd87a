"""The upload area: limits enforced by the server while bytes arrive, one upload per user at a
time, messages without server paths, and no leftovers."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from abl.intake import store as store_module
from abl.intake.service import SubmissionRefused, submit
from abl.intake.uploads import ARCHIVE_NAME, UploadArea, UploadRefused, max_upload_bytes, remove_leftovers
from tests.builders import run_members, write_archive
from tests.test_intake import NOW, Recorder, local_store, request


@pytest.fixture
def area(tmp_path):
    return UploadArea(tmp_path / "area", max_bytes=1000, disk_margin=0)


def test_an_upload_is_written_to_disk_and_found_by_its_user_and_token(area):
    upload = area.begin("alice", "../../etc/run.tar.gz", 6)
    upload.write(b"abc")
    upload.write(b"def")
    stored = upload.finish()
    assert stored.name == "run.tar.gz" and stored.size == 6  # the browser's name, without folders
    assert stored.path.read_bytes() == b"abcdef" and stored.path.name == ARCHIVE_NAME
    assert area.get("alice", stored.token) == stored
    assert area.get("bob", stored.token) is None  # another user's token finds nothing
    assert area.get("alice", "guessed-token") is None


def test_the_size_limit_holds_for_the_announced_and_the_received_size(area):
    with pytest.raises(UploadRefused, match="the limit is") as refused:
        area.begin("alice", "big.tar.gz", 1001)
    assert refused.value.status == 413
    upload = area.begin("alice", "run.tar.gz", 10)
    upload.write(b"x" * 10)
    with pytest.raises(UploadRefused, match="More bytes arrived"):
        upload.write(b"x")  # a client that announced less than it sends
    upload.abort()
    assert not any(area.root.iterdir())


def test_one_upload_per_user_at_a_time(area):
    first = area.begin("alice", "a.tar.gz", 5)
    with pytest.raises(UploadRefused, match="still in progress") as refused:
        area.begin("alice", "b.tar.gz", 5)
    assert refused.value.status == 409
    area.begin("bob", "b.tar.gz", 5).abort()  # other users are not affected
    first.write(b"12345")
    kept = first.finish()
    second = area.begin("alice", "c.tar.gz", 3)  # allowed again; it replaces the kept archive
    second.write(b"abc")
    assert area.get("alice", second.finish().token) is not None
    assert area.get("alice", kept.token) is None and not kept.path.exists()


def test_a_short_upload_keeps_nothing(area):
    upload = area.begin("alice", "run.tar.gz", 10)
    upload.write(b"12345")
    with pytest.raises(UploadRefused, match="stopped after 5 of 10 bytes"):
        upload.finish()
    upload.abort()
    assert not any(area.root.iterdir())


def test_a_full_disk_gives_a_clear_message_without_paths(area, monkeypatch):
    upload = area.begin("alice", "run.tar.gz", 10)

    class FullDisk:
        def write(self, _chunk):
            raise OSError(errno.ENOSPC, "No space left on device", str(area.root / "secret-path"))

        def close(self):
            pass

    upload._file = FullDisk()
    with pytest.raises(UploadRefused) as refused:
        upload.write(b"x")
    assert refused.value.status == 507 and "ran out of disk space" in str(refused.value)
    assert str(area.root) not in str(refused.value) and "secret-path" not in str(refused.value)
    upload.abort()


def test_no_upload_starts_without_room_on_the_disk(tmp_path):
    area = UploadArea(tmp_path / "area", max_bytes=10**15, disk_margin=0)
    with pytest.raises(UploadRefused, match="no room") as refused:
        area.begin("alice", "run.tar.gz", 10**14)  # 100 TB: more than any test machine has free
    assert refused.value.status == 507 and str(tmp_path) not in str(refused.value)


def test_kept_archives_expire(tmp_path):
    area = UploadArea(tmp_path / "area", max_bytes=100, keep_for=0.05, disk_margin=0)
    upload = area.begin("alice", "run.tar.gz", 1)
    upload.write(b"x")
    stored = upload.finish()
    time.sleep(0.1)
    assert area.get("alice", stored.token) is None and not stored.path.exists()


def test_folders_of_stopped_servers_are_removed_at_start(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    dead = tmp_path / f"abl-uploads-{dead_pid}"
    (dead / "token").mkdir(parents=True)
    (dead / "token" / ARCHIVE_NAME).write_bytes(b"left behind by a killed server")
    alive = tmp_path / f"abl-uploads-{os.getppid()}"  # a running process's folder stays
    alive.mkdir()
    legacy = tmp_path / "abl-upload-abc123"  # an earlier version's per-session folder
    legacy.mkdir()
    old = time.time() - 3 * 3600
    os.utime(legacy, (old, old))
    recent_legacy = tmp_path / "abl-upload-def456"
    recent_legacy.mkdir()
    assert sorted(remove_leftovers(tmp_path)) == sorted([dead, legacy])
    assert not dead.exists() and not legacy.exists() and alive.exists() and recent_legacy.exists()


def test_close_removes_everything(area):
    upload = area.begin("alice", "run.tar.gz", 1)
    upload.write(b"x")
    upload.finish()
    area.begin("bob", "run.tar.gz", 5)  # still receiving
    area.close()
    assert not area.root.exists()


def test_the_upload_limit_setting_is_validated():
    assert max_upload_bytes({}) == 1024 * 1024**2
    assert max_upload_bytes({"ABL_MAX_UPLOAD_MB": "5"}) == 5 * 1024**2
    for bad in ("0", "-1", "1.5", "lots"):
        with pytest.raises(ValueError, match="ABL_MAX_UPLOAD_MB"):
            max_upload_bytes({"ABL_MAX_UPLOAD_MB": bad})


def test_a_full_disk_in_the_store_is_reported_without_server_paths(tmp_path, monkeypatch):
    def full_disk(source, target, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(store_module.shutil, "copytree", full_disk)
    archive = write_archive(tmp_path, run_members())
    with pytest.raises(SubmissionRefused) as refused:
        submit(request(), archive, store=local_store(tmp_path), config="1.0.0", notifier=Recorder(), now=NOW)
    message = str(refused.value)
    assert "No space left on device" in message and "asta-bench-submissions/1.0.0/test/alice_" in message
    assert str(tmp_path) not in message


def test_a_local_receipt_names_no_server_paths(tmp_path):
    receipt = submit(
        request(),
        write_archive(tmp_path, run_members()),
        store=local_store(tmp_path),
        config="1.0.0",
        notifier=Recorder(),
        now=NOW,
    )
    text = "\n".join(receipt.lines())
    assert receipt.folder in text and str(tmp_path) not in text and "file://" not in text
