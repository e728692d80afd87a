"""Crafted tar headers, deeply nested configs and foreign suites: each rejects the archive with a
reason, never a traceback. tarfile's writer cannot chain headers, so those archives are built
here from raw 512-byte header blocks."""

import copy
import gzip
import io
import json
import subprocess
import sys
import tarfile

import pytest

import abl.intake.archive as archive_module
from abl.cli import main
from abl.intake.archive import ArchiveRejected, check_archive, unpack_archive
from tests.builders import LOG_A, SUITE, config_json, run_members, tar_bytes
from tests.builders import write_archive as write

DEEP = 5000  # levels: far beyond the interpreter's recursion limit
CHAIN = 500  # metadata headers in a row: several interpreter frames each, also beyond the limit


def rejected(source, split="test", config="1.0.0") -> str:
    with pytest.raises(ArchiveRejected) as info:
        check_archive(source, split=split, config=config)
    return str(info.value)


# ---- raw tar blocks ------------------------------------------------------------------------------


def header(name: bytes, kind: bytes, size: int) -> bytes:
    """A ustar header block with a valid checksum."""
    block = bytearray(512)
    block[0 : len(name)] = name
    block[100:108] = b"0000644\0"  # mode
    block[108:116] = block[116:124] = b"0000000\0"  # uid, gid
    block[124:136] = b"%011o\0" % size
    block[136:148] = b"00000000000\0"  # mtime
    block[148:156] = b" " * 8  # the checksum is computed with its own field as spaces
    block[156:157] = kind
    block[257:265] = b"ustar\x0000"
    block[148:156] = b"%06o\0 " % sum(block)
    return bytes(block)


def member(name: bytes, kind: bytes, data: bytes) -> bytes:
    return header(name, kind, len(data)) + data + bytes(-len(data) % 512)


def pax(key: bytes, value: bytes) -> bytes:
    """One pax record, '<length> <key>=<value>\\n', its length counting its own digits."""
    body = b" " + key + b"=" + value + b"\n"
    size = len(body) + 1
    while size != len(body) + len(str(size)):
        size = len(body) + len(str(size))
    return b"%d" % size + body


def raw_run() -> bytes:
    """The members of a valid run, as raw blocks without the end-of-archive marker."""
    return b"".join(member(name.encode(), b"0", data) for name, data in run_members())


def crafted(tmp_path, *blocks: bytes, name="crafted.tar.gz"):
    """A run with the given raw blocks after its three files (so they are member 4 onward)."""
    path = tmp_path / name
    path.write_bytes(gzip.compress(raw_run() + b"".join(blocks) + bytes(1024), mtime=0))
    return path


NOTE = member(b"notes.txt", b"0", b"x")
LONG_NAME = member(b"././@LongLink", b"L", b"long-name.txt\0")
LONG_LINK = member(b"././@LongLink", b"K", b"target\0")
PAX_PATH = member(b"pax", b"x", pax(b"path", b"pax-name.txt"))


@pytest.mark.parametrize(
    "chain, kind",
    [
        (LONG_NAME * CHAIN, "two GNU long-name headers"),
        (LONG_LINK * CHAIN, "two GNU long-link headers"),
        (PAX_PATH * CHAIN, "two pax headers"),
        ((LONG_NAME + LONG_LINK) * CHAIN, "two GNU long-name headers"),
        (LONG_NAME * 2, "two GNU long-name headers"),  # short, but which of the two names would hold?
        (PAX_PATH + LONG_NAME + PAX_PATH, "two pax headers"),
    ],
)
def test_chained_metadata_headers_are_rejected(tmp_path, chain, kind):
    message = rejected(crafted(tmp_path, chain + NOTE))
    assert message.startswith("the archive has a damaged or chained header at member 4 (") and kind in message


@pytest.mark.parametrize(
    "record, what",
    [
        (pax(b"GNU.sparse.map", b"a,b"), "invalid literal for int()"),  # tarfile raises ValueError
        (pax(b"hdrcharset", b"\xff\xfe"), "can't decode byte 0xff"),  # tarfile raises UnicodeDecodeError
    ],
)
def test_pax_records_tarfile_cannot_parse_are_rejected(tmp_path, record, what):
    message = rejected(crafted(tmp_path, member(b"pax", b"x", record) + NOTE))
    assert message.startswith("the archive has a damaged or chained header at member 4") and what in message


def test_one_header_of_each_kind_before_a_member_is_still_accepted(tmp_path):
    long_name = "n" * 150
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:  # writes an L header
        for name, data in [*run_members(), (long_name, b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (tmp_path / "gnu.tar.gz").write_bytes(gzip.compress(buffer.getvalue()))
    assert check_archive(tmp_path / "gnu.tar.gz", split="test", config="1.0.0").files[-1].path == long_name
    # A pax global header, as `git archive` writes, then a pax header of a long name: g, x, member.
    (tmp_path / "pax.tar.gz").write_bytes(
        gzip.compress(
            member(b"pax_global_header", b"g", pax(b"comment", b"abc")) + PAX_PATH + NOTE + tar_bytes(run_members())
        )
    )
    assert check_archive(tmp_path / "pax.tar.gz", split="test", config="1.0.0").files[0].path == "pax-name.txt"


def test_unpack_rejects_chained_headers_and_leaves_nothing(tmp_path):
    path = crafted(tmp_path, LONG_NAME * CHAIN + NOTE)
    with pytest.raises(ArchiveRejected, match="damaged or chained header at member 4"):
        unpack_archive(path, tmp_path / "out", split="test", config="1.0.0")
    assert not (tmp_path / "out").exists()


# ---- deeply nested eval_config.json ------------------------------------------------------------------


def nested(levels: int) -> str:
    return '{"a":' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


def with_extra_field(container: str, levels: int) -> bytes:
    """config_json() with a field nested `levels` deep (from the top of the file) added to `container`."""
    config = config_json().decode()
    anchor = {"top": "{", "suite_config": '"suite_config": {', "task": '"tasks": [{'}[container]
    depth = {"top": 1, "suite_config": 2, "task": 6}[container]  # levels already open at the anchor
    return config.replace(anchor, f'{anchor}"deep": {nested(levels - depth)}, ', 1).encode()


@pytest.mark.parametrize("container", ["top", "suite_config", "task"])
def test_a_deeply_nested_config_is_rejected(tmp_path, container):
    message = rejected(write(tmp_path, [("eval_config.json", with_extra_field(container, DEEP)), ("a.eval", LOG_A)]))
    assert message.startswith("eval_config.json is nested too deeply to read: it has more than 64 levels")


def test_the_nesting_limit_is_64_levels_and_brackets_in_strings_do_not_count(tmp_path):
    for levels, accepted in [(64, True), (65, False)]:
        path = write(tmp_path, [("eval_config.json", with_extra_field("suite_config", levels)), ("a.eval", LOG_A)])
        if accepted:
            assert check_archive(path, split="test", config="1.0.0")
        else:
            assert "nested too deeply" in rejected(path)
    brackets = config_json(note='["\\"[{' * DEEP)
    assert check_archive(
        write(tmp_path, [("eval_config.json", brackets), ("a.eval", LOG_A)]), split="test", config="1.0.0"
    )


def recurse(*args):
    raise RecursionError("maximum recursion depth exceeded")


def test_recursion_anywhere_in_checking_rejects_the_archive(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "decode_eval_config", recurse)
    assert rejected(write(tmp_path, run_members())).startswith("the archive is nested too deeply to check.")


def test_recursion_anywhere_in_unpacking_rejects_the_archive_and_leaves_nothing(tmp_path, monkeypatch):
    path = write(tmp_path, run_members())
    monkeypatch.setattr(archive_module, "_log_problem", recurse)
    with pytest.raises(ArchiveRejected, match="^the archive is nested too deeply to check"):
        unpack_archive(path, tmp_path / "out", split="test", config="1.0.0")
    assert not (tmp_path / "out").exists()


# ---- the command -------------------------------------------------------------------------------------


def deep_config_archive(tmp_path):
    return write(tmp_path, [("eval_config.json", with_extra_field("top", DEEP)), ("a.eval", LOG_A)], name="deep.tar.gz")


@pytest.mark.parametrize(
    "archive, reason",
    [
        (lambda tmp_path: crafted(tmp_path, LONG_NAME * CHAIN + NOTE), "the archive has a damaged or chained header"),
        (lambda tmp_path: crafted(tmp_path, PAX_PATH * CHAIN + NOTE), "the archive has a damaged or chained header"),
        (deep_config_archive, "eval_config.json is nested too deeply to read"),
    ],
)
def test_check_archive_command_prints_the_reason_without_a_traceback(tmp_path, capsys, archive, reason):
    assert main(["check-archive", str(archive(tmp_path))]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"rejected: {reason}") and "Traceback" not in err


def test_check_archive_process_exits_non_zero_without_a_traceback(tmp_path):
    path = crafted(tmp_path, LONG_NAME * CHAIN + NOTE)
    done = subprocess.run(
        [sys.executable, "-m", "abl.cli", "check-archive", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("rejected: the archive has a damaged or chained header at member 4")
    assert "Traceback" not in done.stderr


# ---- the suite split -------------------------------------------------------------------------------------


def suite_archive(tmp_path, tasks=None, adjustments=None, split="test"):
    """A run whose suite split holds `tasks` ((name, tags) pairs) and `adjustments` instead of AstaBench's."""
    suite = copy.deepcopy(SUITE)
    definition = next(s for s in suite["splits"] if s["name"] == split)
    if tasks is not None:
        definition["tasks"] = [{"name": name, "primary_metric": "score/mean", "tags": tags} for name, tags in tasks]
    if adjustments is not None:
        definition["macro_average_weight_adjustments"] = adjustments
    config = json.dumps({"suite_config": suite, "split": split}).encode()
    return write(tmp_path, [("eval_config.json", config), ("a.eval", LOG_A)])


def test_a_subset_of_the_astabench_tasks_is_accepted(tmp_path):
    tasks = [("DS_1000", ["code"]), ("astabench/litqa2_fulltext_test", ["lit"]), ("E2E-Bench-Hard", None)]
    checked = check_archive(suite_archive(tmp_path, tasks, adjustments=[]), split="test", config="1.0.0")
    assert [task.name for task in checked.eval_config.suite_config.split("test").tasks] == [n for n, _ in tasks]
    for split in ("test", "validation"):  # AstaBench's own suite, as every other test uses it
        assert check_archive(write(tmp_path, run_members(split=split)), split=split, config="1.0.0")


def test_too_many_tags_are_rejected_with_the_count(tmp_path):
    tasks = [("DS_1000", [f"tag{n}" for n in range(200)])]
    message = rejected(suite_archive(tmp_path, tasks, adjustments=[]))
    assert message.startswith("eval_config.json declares 200 distinct tags, more than the 16 a suite split may have")


def test_too_many_tasks_are_rejected_with_the_count(tmp_path):
    message = rejected(suite_archive(tmp_path, [("DS_1000", ["code"])] * 65))
    assert message.startswith("eval_config.json declares 65 tasks, more than the 64 a suite split may have")
    assert check_archive(suite_archive(tmp_path, [("DS_1000", ["code"])] * 64), split="test", config="1.0.0")


@pytest.mark.parametrize(
    "name, shown",
    [
        ("![x](https://evil.example/p.png)", "'![x](https://evil.example/p.png)'"),
        ("![x](https://evil.example/ds1000", "'![x](https://evil.example/ds1000'"),  # ends like a known spelling
        ("DS_1000\x1b[2J", r"'DS_1000\x1b[2J'"),  # a terminal escape, shown, not sent
        ("DS_1000 ", "'DS_1000 '"),
        ("x" * 200, repr("x" * 60 + "...")),
    ],
)
def test_a_task_that_is_not_an_astabench_benchmark_is_rejected_by_name(tmp_path, name, shown):
    message = rejected(suite_archive(tmp_path, [("DS_1000", ["code"]), (name, ["code"])]))
    assert message.startswith(f"eval_config.json names tasks that are not AstaBench benchmarks: {shown}. ")


def test_at_most_five_unknown_names_are_listed_each_once(tmp_path):
    tasks = [(f"task{n}", ["code"]) for n in range(8)] * 2
    message = rejected(suite_archive(tmp_path, tasks))
    assert "benchmarks: 'task0', 'task1', 'task2', 'task3', 'task4' (and 3 more). " in message


@pytest.mark.parametrize(
    "tasks, adjustments, what",
    [
        ([("DS_1000", ["code", "<b>bold</b>"])], [], "tags that are not AstaBench categories: '<b>bold</b>'"),
        (
            [("DS_1000", ["code"])],
            [{"tag": "evil", "task": "DS_1000", "weight": 9}],
            "tags that are not AstaBench categories: 'evil'",
        ),
        (
            [("DS_1000", ["code"])],
            [{"tag": "code", "task": "Other", "weight": 9}],
            "tasks that are not AstaBench benchmarks: 'Other'",
        ),
    ],
)
def test_unknown_tags_and_weight_adjustments_are_rejected(tmp_path, tasks, adjustments, what):
    assert what in rejected(suite_archive(tmp_path, tasks, adjustments))


def test_the_command_checks_the_suite_without_a_split_or_version_given(tmp_path, capsys):
    path = suite_archive(tmp_path, [("DS_1000", ["code"]), ("Mine", ["code"])], split="validation")
    assert main(["check-archive", str(path)]) == 1
    assert capsys.readouterr().err.startswith(
        "rejected: eval_config.json names tasks that are not AstaBench benchmarks: 'Mine'. "
    )
