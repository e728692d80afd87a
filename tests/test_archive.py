"""Intake of a submitted run archive: every archive is built here, small, in tmp_path."""

import bz2
import gzip
import io
import json
import lzma
import random
import re
import subprocess
import tarfile
import time
import zipfile

import pytest

from abl.cli import main
from abl.intake.archive import ArchiveFile, ArchiveLimits, ArchiveRejected, check_archive, human_size, unpack_archive
from tests.builders import LOG_A, LOG_B, config_json, eval_log, run_members, tar_bytes
from tests.builders import write_archive as write


def special(name, kind, **attrs) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    for key, value in attrs.items():
        setattr(info, key, value)
    return info


def rejected(source, split="test", config="1.0.0", limits=ArchiveLimits()) -> str:
    with pytest.raises(ArchiveRejected) as info:
        check_archive(source, split=split, config=config, limits=limits)
    return str(info.value)


# ---- accepted archives ------------------------------------------------------------------------


def test_a_run_at_the_archive_root_is_accepted(tmp_path):
    checked = check_archive(write(tmp_path, run_members()), split="test", config="1.0.0")
    assert checked.root == ""
    assert checked.files == (
        ArchiveFile("eval_config.json", len(config_json())),
        ArchiveFile("task-a.eval", len(LOG_A)),
        ArchiveFile("logs/task-b.eval", len(LOG_B)),
    )
    assert checked.eval_logs == ("task-a.eval", "logs/task-b.eval")
    assert checked.total_bytes == len(config_json()) + len(LOG_A) + len(LOG_B)
    assert checked.eval_config.split == "test" and checked.eval_config.suite_config.version == "1.0.0"


def test_a_run_inside_a_top_level_folder_is_accepted_with_paths_relative_to_it(tmp_path):
    members = [("my-run", None), ("my-run/logs", None), *run_members("my-run/"), ("my-run/notes.txt", b"hi")]
    checked = check_archive(write(tmp_path, members), split="test", config="1.0.0")
    assert checked.root == "my-run/"
    assert [f.path for f in checked.files] == ["eval_config.json", "task-a.eval", "logs/task-b.eval", "notes.txt"]
    assert checked.eval_logs == ("task-a.eval", "logs/task-b.eval")


def test_names_as_tar_dash_c_dot_writes_them_are_accepted(tmp_path):
    members = [(".", None), *[(f"./{name}", data) for name, data in run_members(split="validation")]]
    checked = check_archive(write(tmp_path, members), split="validation", config="1.0.0")
    assert checked.root == "" and checked.files[0].path == "eval_config.json"


def test_a_file_object_is_left_where_it_was(tmp_path):
    with open(write(tmp_path, run_members()), "rb") as file:
        assert len(check_archive(file, split="test", config="1.0.0").files) == 3
        assert file.tell() == 0


def test_a_zip64_eval_log_is_accepted(tmp_path, monkeypatch):
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 16)  # makes zipfile write zip64 end records for a tiny file
    log = eval_log(3)
    members = [("eval_config.json", config_json()), ("big.eval", log)]
    assert check_archive(write(tmp_path, members), split="test", config="1.0.0").eval_logs == ("big.eval",)
    damaged = log.replace(b"PK\x06\x06", b"PK\x06\x00")
    members = [("eval_config.json", config_json()), ("big.eval", damaged)]
    assert "zip64 end record is missing or damaged" in rejected(write(tmp_path, members))


# ---- not a .tar.gz ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, what",
    [
        (tar_bytes(run_members()), "uncompressed tar"),
        (LOG_A, "zip archive"),
        (bz2.compress(tar_bytes(run_members())), "bzip2"),
        (lzma.compress(tar_bytes(run_members())), "xz"),
        (random.Random(1).randbytes(3000), "does not start with the gzip signature"),
        (b"", "empty"),
    ],
)
def test_anything_but_gzip_is_not_a_tar_gz(tmp_path, content, what):
    path = tmp_path / "upload.tar.gz"
    path.write_bytes(content)
    message = rejected(path)
    assert message.startswith("not a .tar.gz archive") and what in message


def test_a_truncated_gzip_stream_is_rejected(tmp_path):
    data = write(tmp_path, run_members()).read_bytes()
    (tmp_path / "half.tar.gz").write_bytes(data[: len(data) // 2])
    assert "truncated" in rejected(tmp_path / "half.tar.gz")
    (tmp_path / "no-trailer.tar.gz").write_bytes(data[:-4])  # tarfile's r|gz would not notice this one
    assert "truncated" in rejected(tmp_path / "no-trailer.tar.gz")


def test_a_tar_cut_between_two_members_is_rejected(tmp_path):
    data = tar_bytes(run_members())
    end = data.index(LOG_A) + len(LOG_A) + 512 - len(LOG_A) % 512  # just after the first log's data
    (tmp_path / "cut.tar.gz").write_bytes(gzip.compress(data[:end]))
    assert "stops before the end-of-archive marker" in rejected(tmp_path / "cut.tar.gz")


def test_a_damaged_pax_header_after_the_first_member_is_rejected(tmp_path):
    data = tar_bytes([*run_members(), ("n" * 150, b"x"), ("after.txt", b"y")])
    data = re.sub(rb"\d+ path=n", lambda match: b"0" * (len(match[0]) - 7) + b" path=n", data, count=1)
    (tmp_path / "bad.tar.gz").write_bytes(gzip.compress(data))  # tarfile alone would just stop listing here
    assert "a tar header is invalid" in rejected(tmp_path / "bad.tar.gz")


def test_corrupt_gzip_data_is_rejected(tmp_path):
    data = bytearray(write(tmp_path, run_members()).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "bad.tar.gz").write_bytes(bytes(data))
    assert "corrupt" in rejected(tmp_path / "bad.tar.gz")


@pytest.mark.parametrize("at", range(12, 400, 7))
def test_damaged_gzip_data_is_called_corrupt_wherever_it_is(tmp_path, at):
    # zlib notices the damage while tarfile reads a header or while it reads a file's data;
    # either way the archive is refused, and a decompression failure is called corrupt.
    data = bytearray(write(tmp_path, run_members()).read_bytes())
    data[at] ^= 0x55
    (tmp_path / "bad.tar.gz").write_bytes(bytes(data))
    message = rejected(tmp_path / "bad.tar.gz")
    if "decompress" in message or "zlib" in message or "CRC" in message:
        assert message.startswith("the archive is corrupt")


def test_gzip_of_something_else_than_tar_is_rejected(tmp_path):
    (tmp_path / "x.tar.gz").write_bytes(gzip.compress(b"{" * 5000))
    assert "tar header is invalid" in rejected(tmp_path / "x.tar.gz")


def test_data_after_the_gzip_stream_is_rejected(tmp_path):
    data = write(tmp_path, run_members()).read_bytes()
    (tmp_path / "extra.tar.gz").write_bytes(data + b"junk")
    assert "after the end of its gzip stream" in rejected(tmp_path / "extra.tar.gz")


# ---- members ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "member, what",
    [
        (special("link", tarfile.SYMTYPE, linkname="/etc/passwd"), "'link' is a symbolic link"),
        (special("hard", tarfile.LNKTYPE, linkname="eval_config.json"), "'hard' is a hard link"),
        (special("tty", tarfile.CHRTYPE, devmajor=4, devminor=1), "'tty' is a character device"),
        (special("disk", tarfile.BLKTYPE, devmajor=8), "'disk' is a block device"),
        (special("pipe", tarfile.FIFOTYPE), "'pipe' is a FIFO"),
    ],
)
def test_links_devices_and_fifos_are_rejected(tmp_path, member, what):
    message = rejected(write(tmp_path, [*run_members(), member]))
    assert what in message and "only regular files and folders" in message


def nul_named() -> tarfile.TarInfo:
    info = tarfile.TarInfo("a")
    info.pax_headers = {"path": "a\x00b"}  # a ustar name would stop at the NUL
    return info


@pytest.mark.parametrize(
    "member, what",
    [
        (("/etc/cron.d/x", b"x"), "absolute path"),
        (("../escape.txt", b"x"), "'..' component"),
        (("logs/../../escape.txt", b"x"), "'..' component"),
        (("logs\\x.txt", b"x"), "backslash"),
        (nul_named(), "control character"),
        (("new\nline.txt", b"x"), "control character"),
        (("C:/windows/x", b"x"), "Windows drive letter"),
        (("logs//x.txt", b"x"), "empty or '.' component"),
        (("logs/./x.txt", b"x"), "empty or '.' component"),
        (("a" * 256, b"x"), "longer than 255 bytes"),
        (("/".join(["d" * 200] * 6), b"x"), "longer than 1024 bytes"),
    ],
)
def test_unsafe_names_are_rejected(tmp_path, member, what):
    message = rejected(write(tmp_path, [*run_members(), member]))
    assert "is not an acceptable file name" in message and what in message


def test_names_that_are_not_utf8_are_rejected(tmp_path):
    info = tarfile.TarInfo("x")
    info.pax_headers = {"hdrcharset": "BINARY", "path": "caf\udce9.txt"}
    message = rejected(write(tmp_path, [*run_members(), info]))
    assert "not valid UTF-8" in message


@pytest.mark.parametrize(
    "extra, what",
    [
        ([("task-a.eval", LOG_A)], "'task-a.eval' appears twice"),
        ([("Task-A.eval", LOG_A)], "'task-a.eval' and 'Task-A.eval' differ only in letter case"),
        ([("LOGS/other.txt", b"x")], "'logs' and 'LOGS' differ only in letter case"),
        ([("logs", b"x")], "'logs' is both a file and a folder"),
        ([("task-a.eval/inner", b"x")], "'task-a.eval' is both a file and a folder"),
        ([("logs", None)], None),  # a folder entry after its files is fine
    ],
)
def test_names_that_would_collide_are_rejected(tmp_path, extra, what):
    path = write(tmp_path, [*run_members(), *extra])
    if what is None:
        assert check_archive(path, split="test", config="1.0.0")
    else:
        assert what in rejected(path)


def test_an_oversized_pax_header_is_rejected(tmp_path):
    info = tarfile.TarInfo("notes.txt")
    info.pax_headers = {"comment": "x" * 100_000}
    assert "oversized tar header" in rejected(write(tmp_path, [*run_members(), info]))


# ---- limits -----------------------------------------------------------------------------------


def test_too_many_files_are_rejected(tmp_path):
    path = write(tmp_path, [*run_members(), ("a.txt", b"a"), ("b.txt", b"b")])
    message = rejected(path, limits=ArchiveLimits(max_files=4))
    assert "more than 4 files and folders" in message and "'b.txt'" in message
    assert check_archive(path, split="test", config="1.0.0", limits=ArchiveLimits(max_files=5))


def test_too_many_bytes_are_rejected(tmp_path):
    size = len(config_json()) + len(LOG_A) + len(LOG_B)
    path = write(tmp_path, [*run_members(), ("data.bin", random.Random(2).randbytes(5000))])
    message = rejected(path, limits=ArchiveLimits(max_total_bytes=size + 4999))
    assert "unpacks to more than" in message and "'data.bin'" in message
    assert check_archive(path, split="test", config="1.0.0", limits=ArchiveLimits(max_total_bytes=size + 5000))


class CountingReader:
    def __init__(self, data: bytes):
        self._file = io.BytesIO(data)
        self.bytes_read = 0

    def read(self, size=-1) -> bytes:
        chunk = self._file.read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_decompression_bomb_is_stopped_early(tmp_path):
    bomb = gzip.compress(tar_bytes([*run_members(), ("zeros.bin", bytes(50 * 1024**2))]), compresslevel=9)
    assert len(bomb) < 100_000  # 50 MiB of zeros packs into about 50 KiB
    reader = CountingReader(bomb)
    started = time.perf_counter()
    message = rejected(reader)
    assert "decompression bomb" in message
    assert time.perf_counter() - started < 1.0
    assert reader.bytes_read < len(bomb) / 2  # so well under half of the 50 MiB was ever unpacked


def test_a_large_config_is_rejected(tmp_path):
    path = write(tmp_path, run_members())
    message = rejected(path, limits=ArchiveLimits(max_config_bytes=100))
    assert "'eval_config.json' is" in message and "more than the 100 B" in message


def test_limits_from_the_environment():
    assert ArchiveLimits.from_env({}) == ArchiveLimits()
    limits = ArchiveLimits.from_env(
        {"ABL_ARCHIVE_MAX_BYTES": "1000", "ABL_ARCHIVE_MAX_FILES": " 20 ", "ABL_ARCHIVE_MAX_RATIO": "50.5"}
    )
    assert (limits.max_total_bytes, limits.max_files, limits.max_compression_ratio) == (1000, 20, 50.5)
    for name, value in [
        ("ABL_ARCHIVE_MAX_BYTES", "5GB"),
        ("ABL_ARCHIVE_MAX_FILES", "0"),
        ("ABL_ARCHIVE_MAX_FILES", "2.5"),
        ("ABL_ARCHIVE_MAX_RATIO", "-1"),
        ("ABL_ARCHIVE_MAX_RATIO", "nan"),
    ]:
        with pytest.raises(ValueError, match=f"{name} must be a positive .*{value!r}"):
            ArchiveLimits.from_env({name: value})


# ---- the run directory -------------------------------------------------------------------------


def test_an_archive_without_files_is_empty(tmp_path):
    assert "the archive is empty" in rejected(write(tmp_path, []))
    assert "the archive is empty" in rejected(write(tmp_path, [("run", None), ("run/logs", None)]))


def test_a_missing_config_lists_the_top_level(tmp_path):
    members = [("results/task-a.eval", LOG_A), ("notes.txt", b"x"), ("results/eval_config.json.bak", b"{}")]
    message = rejected(write(tmp_path, members))
    assert "no eval_config.json found" in message and "holds: results/, notes.txt." in message


def test_two_configs_are_rejected(tmp_path):
    message = rejected(write(tmp_path, [*run_members("a/"), *run_members("b/")]))
    assert "more than one eval_config.json ('a/eval_config.json' and 'b/eval_config.json')" in message


def test_a_run_directory_under_a_chain_of_single_folders_is_accepted(tmp_path):
    # `tar czf run.tar.gz logs/asta-bench_1.0.0_test_<time>` after `agenteval eval` with its default log folder.
    checked = check_archive(
        write(tmp_path, run_members("logs/asta-bench_1.0.0_test_2025-09-01T10-00-00/")), split="test", config="1.0.0"
    )
    assert checked.root == "logs/asta-bench_1.0.0_test_2025-09-01T10-00-00/"
    assert sorted(f.path for f in checked.files) == ["eval_config.json", "logs/task-b.eval", "task-a.eval"]


def test_a_file_beside_the_chain_is_outside_the_run_directory(tmp_path):
    members = run_members("logs/run/") + [("logs/other-run.txt", b"x")]
    message = rejected(write(tmp_path, members))
    assert "'logs/other-run.txt' is outside the run directory" in message and "tar -czf run.tar.gz" in message


def test_the_tar_commands_the_messages_suggest_pass_the_check(tmp_path):
    run = tmp_path / "work" / "logs" / "asta-bench_1.0.0_test_x"
    for name, data in run_members():
        (run / name).parent.mkdir(parents=True, exist_ok=True)
        (run / name).write_bytes(data)
    for command in (
        ["tar", "-czf", str(tmp_path / "a.tar.gz"), "-C", str(run.parent), run.name],
        ["tar", "-czf", str(tmp_path / "b.tar.gz"), "logs/asta-bench_1.0.0_test_x"],
    ):
        subprocess.run(command, cwd=tmp_path / "work", check=True)
        check_archive(tmp_path / command[2].rsplit("/", 1)[-1], split="test", config="1.0.0")


@pytest.mark.parametrize(
    "config, what",
    [
        (b"{not json", "not valid JSON"),
        (json.dumps({"split": "test"}).encode(), "wrong shape"),
        (config_json(split="dev"), "split 'dev', which its suite_config does not define"),
    ],
)
def test_an_invalid_config_is_rejected(tmp_path, config, what):
    message = rejected(write(tmp_path, [("eval_config.json", config), ("a.eval", LOG_A)]))
    assert what in message


def test_the_split_must_match_the_form(tmp_path):
    message = rejected(write(tmp_path, run_members(split="validation")), split="test")
    assert "the archive is a validation run but the form says test" in message


def test_the_suite_version_must_match_the_leaderboard(tmp_path):
    message = rejected(write(tmp_path, run_members(version="0.9.0")))
    assert "run with suite version 0.9.0, but this leaderboard takes suite version 1.0.0" in message


def test_a_run_without_an_inspect_log_is_rejected(tmp_path):
    message = rejected(write(tmp_path, [("run/eval_config.json", config_json()), ("run/log.json", b"{}")]))
    assert "no Inspect .eval log found in the run directory run/" in message


@pytest.mark.parametrize(
    "log, what",
    [
        (b"not a zip at all", "not a zip archive"),
        (LOG_A[:-30], "end-of-central-directory record is missing"),
        (LOG_A[:40] + LOG_A, "central directory does not match its size"),
    ],
)
def test_an_eval_log_must_be_a_complete_zip(tmp_path, log, what):
    message = rejected(write(tmp_path, [("eval_config.json", config_json()), ("logs/a.eval", log)]))
    assert "'logs/a.eval' is not a valid Inspect log" in message and what in message


def test_files_outside_the_run_directory_are_rejected(tmp_path):
    message = rejected(write(tmp_path, [*run_members("run/"), ("stray.txt", b"x")]))
    assert "'stray.txt' is outside the run directory 'run/'" in message
    message = rejected(write(tmp_path, [("other", None), *run_members("run/")]))
    assert "'other' is outside the run directory" in message


# ---- extraction ---------------------------------------------------------------------------------


def test_unpack_writes_exactly_the_run_directory(tmp_path):
    path = write(tmp_path, [("my-run", None), *run_members("my-run/"), ("my-run/empty", None)])
    destination = tmp_path / "out" / "files"
    checked = unpack_archive(path, destination, split="test", config="1.0.0")
    assert checked == check_archive(path, split="test", config="1.0.0")
    assert sorted(p.relative_to(destination).as_posix() for p in destination.rglob("*")) == [
        "empty",
        "eval_config.json",
        "logs",
        "logs/task-b.eval",
        "task-a.eval",
    ]
    assert (destination / "eval_config.json").read_bytes() == config_json()
    assert (destination / "logs" / "task-b.eval").read_bytes() == LOG_B


def test_unpack_into_an_empty_folder_from_a_file_object(tmp_path):
    path = write(tmp_path, run_members())
    (tmp_path / "out").mkdir()
    with open(path, "rb") as file:
        assert len(unpack_archive(file, tmp_path / "out", split="test", config="1.0.0").files) == 3
        assert file.tell() == 0
    assert len([p for p in (tmp_path / "out").rglob("*") if p.is_file()]) == 3


def test_unpack_refuses_a_destination_that_is_not_empty(tmp_path):
    path = write(tmp_path, run_members())
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not empty"):
        unpack_archive(path, tmp_path / "out", split="test", config="1.0.0")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    "members",
    [
        [*run_members(), ("../escape.txt", b"x")],  # refused while streaming, after files were written
        [("eval_config.json", config_json()), ("logs/a.eval", b"not a zip at all")],  # refused after the stream
    ],
)
def test_a_refused_archive_leaves_nothing(tmp_path, members):
    path = write(tmp_path, members)
    (tmp_path / "empty").mkdir()
    for destination in (tmp_path / "new", tmp_path / "empty"):
        with pytest.raises(ArchiveRejected):
            unpack_archive(path, destination, split="test", config="1.0.0")
    assert not (tmp_path / "new").exists() and list((tmp_path / "empty").iterdir()) == []


def test_unpack_enforces_the_limits(tmp_path):
    path = write(tmp_path, run_members())
    with pytest.raises(ArchiveRejected, match="more than 2 files"):
        unpack_archive(path, tmp_path / "out", split="test", config="1.0.0", limits=ArchiveLimits(max_files=2))
    assert not (tmp_path / "out").exists()


# ---- the command ---------------------------------------------------------------------------------


def test_check_archive_command_lists_what_would_be_submitted(tmp_path, capsys):
    path = write(tmp_path, run_members("my-run/", split="validation"))
    assert main(["check-archive", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0].split() == [*human_size(len(config_json("validation"))).split(), "eval_config.json"]
    assert lines[2].endswith("  logs/task-b.eval")
    assert lines[-2].startswith(
        "ok: run directory my-run/, split validation, suite asta-bench 1.0.0: 3 files (2 Inspect logs), "
    )
    assert lines[-1].startswith("coverage: the logs do not say which tasks they ran")  # these test logs do not


def test_check_archive_command_reports_a_rejection(tmp_path, capsys):
    path = write(tmp_path, run_members(split="validation"))
    assert main(["check-archive", str(path), "--split", "test", "--config", "1.0.0"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("rejected: the archive is a validation run but the form says test")
    assert main(["check-archive", str(tmp_path / "missing.tar.gz")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_human_sizes():
    assert [human_size(n) for n in (0, 1023, 1536, 5 * 1024**3)] == ["0 B", "1023 B", "1.5 KiB", "5.0 GiB"]


def test_the_command_checks_against_the_version_the_leaderboard_takes(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("HF_CONFIG", raising=False)
    older = write(tmp_path, run_members(version="0.9.0"))  # the sample results' newest config is 1.0.0
    assert main(["check-archive", str(older)]) == 1
    assert "this leaderboard takes suite version 1.0.0" in capsys.readouterr().err
    monkeypatch.setenv("HF_CONFIG", "0.9.0")  # a leaderboard configured for another version
    assert main(["check-archive", str(older)]) == 0


def test_an_archive_of_another_suite_is_refused(tmp_path):
    members = [
        (
            "eval_config.json",
            json.dumps(
                {
                    **json.loads(config_json()),
                    "suite_config": {**json.loads(config_json())["suite_config"], "name": "other-bench"},
                }
            ).encode(),
        ),
        ("a.eval", LOG_A),
    ]
    assert "run with the suite 'other-bench', but this leaderboard takes asta-bench" in rejected(
        write(tmp_path, members)
    )


def test_the_command_names_the_benchmarks_a_partial_run_lacks(tmp_path, capsys):
    members = [
        ("run/eval_config.json", config_json()),
        ("run/a.eval", eval_log(task="astabench/sqa_test")),
        ("run/b.eval", eval_log(task="astabench/ds1000_test")),
    ]
    assert main(["check-archive", str(write(tmp_path, members))]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == (
        "partial run: no log for PaperFindingBench, LitQA2-FullText-Search, ArxivDIGESTables-Clean, "
        "LitQA2-FullText, DiscoveryBench, CORE-Bench-Hard, E2E-Bench, E2E-Bench-Hard, SUPER-Expert. It can "
        "be submitted; the leaderboard shows it as incomplete (2 of 11 benchmarks)."
    )


def test_a_run_with_every_benchmark_says_so(tmp_path, capsys):
    tasks = [t["name"] for t in json.loads(config_json())["suite_config"]["splits"][1]["tasks"]]
    members = [("run/eval_config.json", config_json())] + [
        (f"run/{i}.eval", eval_log(task=f"astabench/{task}")) for i, task in enumerate(tasks)
    ]
    assert main(["check-archive", str(write(tmp_path, members))]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "coverage: every benchmark of the split has a log (11)."
