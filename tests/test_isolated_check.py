"""Archives are checked in a separate, limited process; refused archives are rate-limited; the
server says at start-up whether its Python parses tar headers safely."""

from __future__ import annotations

import gzip
import tarfile
import time

import pytest

from abl.intake.archive import ArchiveLimits, ArchiveRejected
from abl.intake.isolated import ProcessLimits, check_and_extract
from abl.intake.service import RefusalLimit, SubmissionRefused, submit
from deploy import start
from deploy.python_check import python_status, tar_headers_safe
from tests.builders import run_members, write_archive
from tests.test_deploy import SPACE
from tests.test_intake import NOW, Recorder, local_store, request

FAST = ProcessLimits(cpu_seconds=2, wall_seconds=30)


def slow_pax_archive(tmp_path, members: int = 20, records: int = 20_000):
    """Members behind pax headers that an affected CPython needs time quadratic in their size to
    parse (CVE-2024-6232); a fixed one refuses the first at once. Each header is 60 KB, under the
    checker's 64 KiB cap on header blocks, so it reaches tarfile; the whole is a few KB of gzip."""
    body = b"3 a" * records + b"=x\n"
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = len(body)
    raw = b""
    for i in range(members):
        member = tarfile.TarInfo(f"file-{i}.txt")
        raw += (
            header.tobuf(format=tarfile.USTAR_FORMAT)
            + body
            + b"\0" * (-len(body) % 512)
            + member.tobuf(format=tarfile.USTAR_FORMAT)
        )
    path = tmp_path / "slow.tar.gz"
    path.write_bytes(gzip.compress(raw + b"\0" * 1024))
    return path


def test_a_valid_archive_is_checked_and_unpacked_in_the_child(tmp_path):
    archive = write_archive(tmp_path, run_members(prefix="run/"))
    files = check_and_extract(
        archive, tmp_path / "out", split="test", config="1.0.0", limits=ArchiveLimits(), process=FAST
    )
    assert sorted(f.path for f in files) == ["eval_config.json", "logs/task-b.eval", "task-a.eval"]
    assert (tmp_path / "out" / "logs" / "task-b.eval").is_file()


def test_a_rejection_in_the_child_is_a_rejection_here(tmp_path):
    archive = write_archive(tmp_path, run_members(split="validation"))
    with pytest.raises(ArchiveRejected, match="validation"):
        check_and_extract(archive, tmp_path / "out", split="test", config="1.0.0", limits=ArchiveLimits(), process=FAST)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_crafted_header_costs_at_most_the_cpu_limit(tmp_path):
    archive = slow_pax_archive(tmp_path)
    started = time.monotonic()
    with pytest.raises(ArchiveRejected) as refused:
        check_and_extract(archive, tmp_path / "out", split="test", config="1.0.0", limits=ArchiveLimits(), process=FAST)
    assert time.monotonic() - started < 15
    if not tar_headers_safe():  # this Python is affected: the kernel stopped the child
        # tarfile's slow parser also keeps a dictionary entry per crafted record, so which of the two
        # kernel limits it meets first (2 s of CPU or 1 GiB of memory) depends on the machine's speed.
        reason = str(refused.value)
        assert "more than 2 s of CPU time" in reason or "more than 1024 MiB of memory" in reason, reason
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_refused_archives_are_rate_limited_per_user(tmp_path):
    store = local_store(tmp_path)
    refusals = RefusalLimit(max_refused=3)
    bad = write_archive(tmp_path, run_members(split="validation"), name="bad.tar.gz")
    for _ in range(3):
        with pytest.raises(SubmissionRefused, match="not accepted"):
            submit(
                request(),
                bad,
                store=store,
                config="1.0.0",
                notifier=Recorder(),
                now=NOW,
                refusals=refusals,
                process=FAST,
            )
    good = write_archive(tmp_path, run_members(), name="good.tar.gz")
    with pytest.raises(SubmissionRefused, match="3 of your archives were refused in the last hour"):
        submit(
            request(), good, store=store, config="1.0.0", notifier=Recorder(), now=NOW, refusals=refusals, process=FAST
        )
    # Another user is not affected; the first may try again once the hour has passed.
    submit(
        request(user="bob"),
        good,
        store=store,
        config="1.0.0",
        notifier=Recorder(),
        now=NOW,
        refusals=refusals,
        process=FAST,
    )
    later = NOW.replace(hour=NOW.hour + 1, second=NOW.second + 1)
    submit(
        request(), good, store=store, config="1.0.0", notifier=Recorder(), now=later, refusals=refusals, process=FAST
    )


def test_the_probe_tells_this_pythons_tar_parser(tmp_path):
    status = python_status()
    assert status.startswith("Python ") and "CVE-2024-6232" in status
    assert ("has the fix" in status) == tar_headers_safe()


def test_a_public_server_refuses_an_affected_python(monkeypatch, capsys):
    for name, value in SPACE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ABL_ALLOW_AFFECTED_PYTHON", raising=False)
    monkeypatch.setattr(start, "tar_headers_safe", lambda: False)
    assert start.main(["--auth", "huggingface", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "cannot start" in err and "ABL_ALLOW_AFFECTED_PYTHON=1" in err
