"""Safe intake of a submitted agent-eval run archive (`.tar.gz`), in one pass.

An uploaded archive is hostile until checked. `unpack_archive` streams it once: `gzip.GzipFile`
decompresses it (checksum and truncation checked) under a byte counter that stops decompression
bombs, and `tarfile`'s stream mode lists its members, each checked as it comes (only regular files
and folders, safe relative names, no two names for one file, tarfile's PEP 706 `data` filter as a
backstop) and written into a staging folder while file count and unpacked bytes are counted. Then
the run directory rules apply: one `eval_config.json` for the right split and suite version, and
at least one Inspect `.eval` log, which `zipfile` must open as a complete zip file. Only then does
the run directory move into place; a rejected archive leaves nothing behind. `tarfile.extractall`
is never used.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO

from ..names import CATEGORIES, benchmark_for
from ..schema import EvalConfig, SchemaError, SplitDef, decode_eval_config
from ..settings import Settings
from .coverage import coverage, describe

CONFIG_NAME = "eval_config.json"
SUITE_NAME = "asta-bench"
LOG_SUFFIX = ".eval"
_MIB = 1024**2
_SNIFF_BYTES = 512  # enough to recognise a plain tar ("ustar" at offset 257)
_READ_CHUNK = 16 * 1024  # compressed bytes per read: small, so a bomb is noticed early
_DATA_CHUNK = 64 * 1024  # unpacked bytes per read
_RATIO_FLOOR = _MIB  # below this, small archives have meaningless ratios
_MAX_HEADER_BLOCK = 64 * 1024  # pax / GNU long-name blocks, which tarfile reads into memory whole
_MAX_TRAILER = _MIB  # padding after the tar end marker (tar pads to its record size)
_MAX_COMPONENT = 255
_MAX_PATH = 1024
_MAX_CONFIG_DEPTH = 64  # nested arrays and objects in eval_config.json; agent-eval writes about 5
_MAX_SUITE_TASKS = 64  # tasks in the run's suite split; AstaBench 1.0.0 has 11
_MAX_SUITE_TAGS = 16  # distinct tags in the run's suite split; AstaBench has 4 categories
_NAMES_SHOWN = 5  # names listed in one message; the rest are counted
_NAME_SHOWN = 60  # characters of a submitted suite name shown in a message
_DRIVE = re.compile(r"^[A-Za-z]:")
# A task name as agent-eval spells it ('DS_1000', 'astabench/ds1000_test'): benchmark_for alone
# would also match any text ending in '/ds1000', and the name is kept as written.
_TASK_SPELLING = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*")
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_HOW_TO_PACK = "Create it with `tar -czf run.tar.gz <run-directory>`."
_SUITE_FIX = f"Submit a run of the AstaBench suite (or of some of its tasks), with the {CONFIG_NAME} agent-eval wrote."


class ArchiveRejected(ValueError):
    """The archive cannot be accepted; str(exc) tells the submitter what is wrong and how to fix it."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_total_bytes: int = 5 * 1024**3  # total uncompressed bytes of all files
    max_files: int = 10_000  # entries: files and folders
    max_compression_ratio: float = 200.0  # unpacked / compressed bytes, once 1 MiB is unpacked
    max_config_bytes: int = _MIB  # eval_config.json

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ArchiveLimits:
        """The limits `ABL_ARCHIVE_MAX_*` set (see abl.settings); SettingsError for a bad value."""
        settings = Settings.from_env(environ)
        return cls(
            max_total_bytes=settings.archive_max_bytes,
            max_files=settings.archive_max_files,
            max_compression_ratio=settings.archive_max_ratio,
        )


@dataclass(frozen=True)
class ArchiveFile:
    path: str  # relative to the run directory, '/'-separated
    size: int


@dataclass(frozen=True)
class CheckedArchive:
    root: str  # prefix of the run directory inside the archive: '' or e.g. 'my-run/'
    files: tuple[ArchiveFile, ...]  # every regular file under root, in archive order
    eval_config: EvalConfig
    eval_logs: tuple[str, ...]  # paths relative to root
    total_bytes: int


def unpack_archive(
    source: str | os.PathLike[str] | BinaryIO,
    destination: Path,
    *,
    split: str | None,
    config: str | None,
    limits: ArchiveLimits = ArchiveLimits(),
) -> CheckedArchive:
    """Check an uploaded archive for the split and leaderboard config (suite version; None: the
    archive's own) and write its run directory to `destination` (absent, or an empty folder).

    ArchiveRejected says why an archive is refused; nothing written is then left behind. A file
    object is read from its current position and, when seekable, left there again.
    """
    destination = Path(destination)
    created = _prepare_destination(destination)
    try:
        return _unpack(source, destination, split, config, limits)
    except BaseException:  # whatever stopped us, leave nothing half-written
        _clear(destination, created)
        raise


def check_archive(
    source: str | os.PathLike[str] | BinaryIO,
    *,
    split: str | None,
    config: str | None,
    limits: ArchiveLimits = ArchiveLimits(),
) -> CheckedArchive:
    """What `unpack_archive` would accept, unpacked into a temporary folder and removed again."""
    with tempfile.TemporaryDirectory(prefix="abl-check-") as staging:
        return unpack_archive(source, Path(staging) / "run", split=split, config=config, limits=limits)


def main_check(
    path: str, split: str | None, config: str | None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """`abl check-archive`: what would be submitted, or why it would be rejected.

    With `split` or `config` omitted, the archive's own eval_config.json decides them.
    """
    out, err = out or sys.stdout, err or sys.stderr
    try:
        limits = ArchiveLimits.from_env()
    except ValueError as exc:
        print(f"abl check-archive: {exc}", file=err)
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="abl-check-") as staging:
            run_dir = Path(staging) / "run"
            checked = unpack_archive(path, run_dir, split=split, config=config, limits=limits)
            split_def = checked.eval_config.suite_config.split(checked.eval_config.split)
            covered = describe(coverage(run_dir, checked.eval_logs, split_def))
    except ArchiveRejected as exc:
        print(f"rejected: {exc}", file=err)
        return 1
    except OSError as exc:
        print(f"abl check-archive: cannot read {path}: {exc.strerror or exc}", file=err)
        return 1
    for file in checked.files:
        print(f"{human_size(file.size):>10}  {file.path}", file=out)
    suite = checked.eval_config.suite_config
    print(
        f"ok: run directory {checked.root or '(archive root)'}, split {checked.eval_config.split}, "
        f"suite {suite.name} {suite.version}: {len(checked.files)} files "
        f"({len(checked.eval_logs)} Inspect logs), {human_size(checked.total_bytes)}",
        file=out,
    )
    print(covered, file=out)
    return 0


def human_size(size: float) -> str:
    if size < 1024:
        return f"{int(size)} B"
    for unit in ("KiB", "MiB", "GiB"):  # noqa: B007 (the unit the loop stopped at is the one shown)
        size /= 1024
        if size < 1024:
            break
    return f"{size:.1f} {unit}"


def _show(name: str, limit: int = 100) -> str:
    """A name fit for a message: quoted, control characters escaped, not too long."""
    return repr(name if len(name) <= limit else name[:limit] + "...")


def _listed(items: list[str], shown: int = _NAMES_SHOWN) -> str:
    """The first `shown` items, comma-separated, and how many more there are."""
    more = f" (and {len(items) - shown} more)" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


# ---- the gzip layer -------------------------------------------------------------------------

_NOT_GZIP = (
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"BZh", "bzip2-compressed"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)


def _sniff(raw: BinaryIO) -> bytes:
    """The first bytes of the upload, after checking they start a gzip stream."""
    head = b""
    while len(head) < _SNIFF_BYTES and (more := raw.read(_SNIFF_BYTES - len(head))):
        head += more
    if head.startswith(b"\x1f\x8b"):
        return head
    if not head:
        what = "the file is empty"
    elif head[257:262] == b"ustar":
        what = "it is an uncompressed tar archive"
    else:
        what = next(
            (f"it is {kind}" for magic, kind in _NOT_GZIP if head.startswith(magic)),
            "it does not start with the gzip signature",
        )
    raise ArchiveRejected(f"not a .tar.gz archive: {what}. {_HOW_TO_PACK}")


class _Counted(io.RawIOBase):
    """The compressed upload (the sniffed bytes first), in small reads, counted: what the bomb
    ratio divides by. Small reads keep GzipFile from reading far ahead of what it inflates."""

    def __init__(self, raw: BinaryIO, head: bytes):
        self._raw, self._head, self.count = raw, head, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        want = min(len(buffer), _READ_CHUNK)
        data, self._head = (self._head[:want], self._head[want:]) if self._head else (self._raw.read(want), b"")
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


def _drain(stream: gzip.GzipFile) -> None:
    """Read to the end of the gzip stream (its checksum is verified only there), allowing only the
    padding tar writes after its end marker."""
    trailer = 0
    while chunk := stream.read(_DATA_CHUNK):
        trailer += len(chunk)
        if trailer > _MAX_TRAILER:
            raise ArchiveRejected(f"the archive holds unexpected data after the end of its tar archive. {_HOW_TO_PACK}")


@contextmanager
def _stream_errors() -> Iterator[None]:
    """What reading the gzip and tar layers raises, as the reason the submitter reads."""
    try:
        yield
    except EOFError:  # GzipFile: the data stops before the stream's end marker
        raise ArchiveRejected(
            f"the archive is truncated: its gzip stream ends early. Upload the complete file. {_HOW_TO_PACK}"
        ) from None
    except gzip.BadGzipFile as exc:
        if str(exc).startswith("Not a gzipped file"):  # the upload began as gzip: this follows its end
            raise ArchiveRejected(
                f"the archive holds unexpected data after the end of its gzip stream. {_HOW_TO_PACK}"
            ) from None
        raise ArchiveRejected(
            f"the archive is corrupt: {exc}. Upload it again or recreate it. {_HOW_TO_PACK}"
        ) from None
    except zlib.error as exc:
        _corrupt(exc)
    except tarfile.TarError as exc:
        if str(exc).startswith("zlib error"):  # zlib's error, met while tarfile read a header
            _corrupt(exc)
        raise ArchiveRejected(
            f"the archive is damaged or truncated ({exc}). Upload the complete file. {_HOW_TO_PACK}"
        ) from None


def _corrupt(exc: Exception) -> NoReturn:
    raise ArchiveRejected(
        f"the archive is corrupt: its gzip data cannot be decompressed ({exc}). "
        f"Upload it again or recreate it. {_HOW_TO_PACK}"
    ) from None


# ---- the tar layer --------------------------------------------------------------------------

# The metadata header types (pax, GNU long name ...) read so far ahead of the member being read.
# tarfile reads such a header, then the next one by recursion, so a long chain of them would end
# in RecursionError; and two of one type ahead of one member are ambiguous (which name holds?).
# A context variable, as tarfile gives no way to pass state down that recursion; each thread
# has its own.
_header_chain: ContextVar[tuple[bytes, ...]] = ContextVar("abl_tar_header_chain", default=())


class _ChainedHeader(ValueError):
    """A metadata header of a type already read ahead of the same member."""


class _StrictTarInfo(tarfile.TarInfo):
    """Headers as tarfile reads them, except that a damaged header rejects the archive (tarfile
    would silently end the listing there), metadata blocks that tarfile reads into memory whole
    (pax headers, GNU long names) are size-capped, and at most one of each metadata type may
    precede a member."""

    @classmethod
    def fromtarfile(cls, tar: tarfile.TarFile) -> tarfile.TarInfo:
        token = _header_chain.set(_header_chain.get())  # what frombuf adds is undone on return
        try:
            return super().fromtarfile(tar)
        except tarfile.EOFHeaderError:  # the end-of-archive marker
            raise
        except (tarfile.EmptyHeaderError, tarfile.TruncatedHeaderError):
            problem = "the archive is damaged or truncated: its tar data stops before the end-of-archive marker"
        except tarfile.HeaderError as exc:
            problem = f"the archive is damaged or truncated: a tar header is invalid ({exc})"
        except ArchiveRejected:
            raise
        except ValueError as exc:  # _ChainedHeader, or tarfile's int() or decode() of pax records and sparse maps
            member = len(tar.members) + 1  # tarfile lists every member read so far, also in stream mode
            problem = f"the archive has a damaged or chained header at member {member} ({exc})"
        finally:
            _header_chain.reset(token)
        raise ArchiveRejected(f"{problem}. {_HOW_TO_PACK}")

    @classmethod
    def frombuf(cls, buf: bytes, encoding: str, errors: str) -> tarfile.TarInfo:
        info = super().frombuf(buf, encoding, errors)
        if info.size < 0 or (info.type in _METADATA_TYPES and info.size > _MAX_HEADER_BLOCK):
            raise ArchiveRejected(
                f"the archive has a corrupt or oversized tar header (at {_show(info.name)}). {_HOW_TO_PACK}"
            )
        if info.type in _METADATA_TYPES:
            chain = _header_chain.get()
            if info.type in chain:
                raise _ChainedHeader(f"two {_METADATA_TYPES[info.type]} headers before one member")
            _header_chain.set(chain + (info.type,))
        return info


_METADATA_TYPES = {
    tarfile.XHDTYPE: "pax",
    tarfile.XGLTYPE: "pax global",
    tarfile.SOLARIS_XHDTYPE: "Solaris extended",
    tarfile.GNUTYPE_LONGNAME: "GNU long-name",
    tarfile.GNUTYPE_LONGLINK: "GNU long-link",
}
# PEP 706's filter, in Python >= 3.11.4 (and backports); older ones rely on the rules above alone.
_DATA_FILTER = getattr(tarfile, "data_filter", None)
_FILE_TYPES = {tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.CONTTYPE}
_REFUSED_TYPES = {
    tarfile.SYMTYPE: "a symbolic link",
    tarfile.LNKTYPE: "a hard link",
    tarfile.CHRTYPE: "a character device",
    tarfile.BLKTYPE: "a block device",
    tarfile.FIFOTYPE: "a FIFO (named pipe)",
    tarfile.GNUTYPE_SPARSE: "a sparse file",
}


@dataclass(frozen=True)
class _Entry:
    path: str  # normalised, relative to the top of the archive
    is_dir: bool
    size: int  # from the header; `chunks` yields exactly this many bytes or rejects
    chunks: Iterator[bytes]


def _entries(source: str | os.PathLike[str] | BinaryIO, limits: ArchiveLimits) -> Iterator[_Entry]:
    """Every file and folder of the archive, checked as it comes; each file's data is counted
    against the limits as it is read (and read anyway if the consumer does not)."""
    with _opened(source) as raw:
        compressed = _Counted(raw, _sniff(raw))
        stream = gzip.GzipFile(fileobj=compressed, mode="rb")  # reads are bounded, whatever the input
        names = _Names()
        budget = _Budget(limits, compressed)
        with (
            _stream_errors(),
            tarfile.open(
                fileobj=stream, mode="r|", tarinfo=_StrictTarInfo, encoding="utf-8", bufsize=_DATA_CHUNK
            ) as tar,
        ):
            for info in tar:
                entry = _entry(tar, info, names, budget)
                if entry is None:
                    continue
                yield entry
                for _ in entry.chunks:  # skipped data must still count
                    pass
            _drain(stream)


@contextmanager
def _opened(source: str | os.PathLike[str] | BinaryIO) -> Iterator[BinaryIO]:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            yield file
        return
    seekable = getattr(source, "seekable", lambda: False)()
    start = source.tell() if seekable else None
    try:
        yield source
    finally:
        if start is not None:  # so the same file object can be checked, then extracted
            source.seek(start)


def _entry(tar: tarfile.TarFile, info: tarfile.TarInfo, names: _Names, budget: _Budget) -> _Entry | None:
    is_dir = info.type == tarfile.DIRTYPE
    path = _normalised(info.name.rstrip("/") if is_dir else info.name)
    if not is_dir:
        _check_type(info)
    if not path:
        if is_dir:
            return None  # the archive's own top folder, as `tar -C run .` writes it
        raise ArchiveRejected("a file in the archive has an empty name. " + _HOW_TO_PACK)
    if _DATA_FILTER is not None:  # tarfile's own rules for untrusted archives, after ours with their messages
        try:
            _DATA_FILTER(info.replace(name=path, deep=False), "/staging")
        except tarfile.FilterError as exc:
            raise ArchiveRejected(f"{_show(info.name)} cannot be unpacked safely ({exc}). {_HOW_TO_PACK}") from None
    names.add(path, is_dir)
    budget.add_entry(path)
    if is_dir:
        return _Entry(path, True, 0, iter(()))
    budget.expect(info.size, path)
    return _Entry(path, False, info.size, _member_data(tar, info, path, budget))


def _check_type(info: tarfile.TarInfo) -> None:
    if info.type in _FILE_TYPES and info.sparse is None:
        return
    if info.sparse is not None:  # pax sparse files keep the regular type
        kind = "a sparse file"
    else:
        kind = _REFUSED_TYPES.get(info.type, f"an entry of unsupported type {info.type!r}")
    if info.type in (tarfile.SYMTYPE, tarfile.LNKTYPE):
        fix = "Archive a copy of the file it points to instead (`tar -czhf` does this for symbolic links)."
    else:
        fix = "Leave it out of the archive."
    raise ArchiveRejected(f"{_show(info.name)} is {kind}; the archive may hold only regular files and folders. {fix}")


def _member_data(tar: tarfile.TarFile, info: tarfile.TarInfo, path: str, budget: _Budget) -> Iterator[bytes]:
    read = 0
    with _stream_errors():
        reader = tar.extractfile(info)
        while chunk := reader.read(_DATA_CHUNK):
            read += len(chunk)
            budget.add_bytes(len(chunk), path)
            yield chunk
    if read != info.size:
        raise ArchiveRejected(
            f"the archive is truncated: {_show(path)} is shorter than its header says. {_HOW_TO_PACK}"
        )


def _normalised(name: str) -> str:
    """The member's path without a leading './', or ArchiveRejected saying why the name is unsafe."""
    parts = name.split("/")
    while parts and parts[0] == ".":  # `tar -C run .` writes ./eval_config.json
        del parts[0]
    problem = _name_problem(name, parts)
    if problem:
        raise ArchiveRejected(
            f"{_show(name)} is not an acceptable file name: {problem}. Rename it, or leave it out of the archive."
        )
    return "/".join(parts)


def _name_problem(name: str, parts: list[str]) -> str | None:
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:  # tarfile keeps undecodable bytes as surrogates
        return "it is not valid UTF-8"
    if size > _MAX_PATH:
        return f"it is longer than {_MAX_PATH} bytes"
    if any(unicodedata.category(char) == "Cc" for char in name):
        return "it contains a control character"
    if "\\" in name:
        return "it contains a backslash (folders are separated by '/')"
    if name.startswith("/"):
        return "it is an absolute path"
    if _DRIVE.match(name):
        return "it starts with a Windows drive letter"
    if ".." in parts:
        return "it contains a '..' component, which would point outside the run directory"
    if any(part in ("", ".") for part in parts):
        return "it has an empty or '.' component"
    if any(len(part.encode("utf-8")) > _MAX_COMPONENT for part in parts):
        return f"one of its parts is longer than {_MAX_COMPONENT} bytes"
    return None


class _Names:
    """Every path seen so far, so that two entries that would land on the same file (or on
    files that collide on case-insensitive file systems) reject the archive, never overwrite."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, bool, bool]] = {}  # folded path -> (path, is_dir, explicit)

    def add(self, path: str, is_dir: bool) -> None:
        parts = path.split("/")
        for depth in range(1, len(parts)):
            self._claim("/".join(parts[:depth]), is_dir=True, explicit=False)
        self._claim(path, is_dir, explicit=True)

    def _claim(self, path: str, is_dir: bool, explicit: bool) -> None:
        key = unicodedata.normalize("NFC", path).casefold()
        prior = self._seen.get(key)
        if prior is not None:
            prior_path, prior_is_dir, prior_explicit = prior
            if prior_path != path:
                raise ArchiveRejected(
                    f"{_show(prior_path)} and {_show(path)} differ only in letter case; they "
                    f"would overwrite each other on some file systems. Rename one of them."
                )
            if prior_is_dir != is_dir:
                raise ArchiveRejected(f"{_show(path)} is both a file and a folder in the archive. Rename one of them.")
            if explicit and prior_explicit:
                raise ArchiveRejected(f"{_show(path)} appears twice in the archive. {_HOW_TO_PACK}")
            explicit = explicit or prior_explicit
        self._seen[key] = (path, is_dir, explicit)


class _Budget:
    """Entries and unpacked file bytes, counted against the limits (and against the compressed
    bytes read so far, for the bomb ratio) as they are read."""

    def __init__(self, limits: ArchiveLimits, compressed: _Counted):
        self._limits = limits
        self._compressed = compressed
        self._entries = 0
        self._bytes = 0

    def add_entry(self, path: str) -> None:
        self._entries += 1
        if self._entries > self._limits.max_files:
            raise ArchiveRejected(
                f"the archive holds more than {self._limits.max_files} files and folders "
                f"(the limit was reached at {_show(path)}). Leave out files the submission "
                f"does not need."
            )

    def expect(self, size: int, path: str) -> None:
        """Reject at once a file whose header already says it is too large."""
        if self._bytes + size > self._limits.max_total_bytes:
            self._too_large(path)

    def add_bytes(self, size: int, path: str) -> None:
        self._bytes += size
        if self._bytes > self._limits.max_total_bytes:
            self._too_large(path)
        read, ratio = max(self._compressed.count, 1), self._limits.max_compression_ratio
        if self._bytes >= _RATIO_FLOOR and self._bytes > ratio * read:
            raise ArchiveRejected(
                f"the archive looks like a decompression bomb: {human_size(self._bytes)} unpacked from "
                f"{human_size(read)}, more than {ratio:g} times as much. Remove huge repetitive files from the "
                f"run directory."
            )

    def _too_large(self, path: str) -> NoReturn:
        raise ArchiveRejected(
            f"the archive unpacks to more than {human_size(self._limits.max_total_bytes)} "
            f"(the limit was reached at {_show(path)}). Leave out files the submission "
            f"does not need."
        )


# ---- Inspect logs: complete zip files, opened on disk ----------------------------------------

_INCOMPLETE = "(is the file complete?)"
_EOCD_TAIL = 22 + 0xFFFF  # the end-of-central-directory record plus the longest comment


def _log_problem(path: Path) -> str | None:
    """Why an unpacked `.eval` file is not a complete zip file as Inspect writes them, or None."""
    with open(path, "rb") as file:
        if file.read(4) != b"PK\x03\x04":
            return "it is not a zip archive"
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
        # zipfile accepts data before the first entry (it shifts every offset); Inspect writes none.
        problem = None if entries and min(e.header_offset for e in entries) == 0 else "shifted"
    except zipfile.BadZipFile as exc:
        problem = str(exc)
    except (OSError, ValueError, EOFError) as exc:  # offsets that point nowhere
        problem = str(exc) or type(exc).__name__
    if problem is None:
        return None
    if _has_zip64_locator(path):
        return f"its zip64 end record is missing or damaged {_INCOMPLETE}"
    if "multiple disks" in problem:
        return "it is a multi-part zip archive"
    if "not a zip file" in problem:
        return f"its end-of-central-directory record is missing {_INCOMPLETE}"
    return f"its central directory does not match its size {_INCOMPLETE}"


def _has_zip64_locator(path: Path) -> bool:
    """Does a zip64 end-record locator sit where it would, just before the end record?"""
    with open(path, "rb") as file:
        file.seek(max(0, path.stat().st_size - _EOCD_TAIL))
        tail = file.read()
    end = tail.rfind(b"PK\x05\x06")
    return end >= 20 and tail[end - 20 : end - 16] == b"PK\x06\x07"


# ---- the run directory ----------------------------------------------------------------------


class _Scan:
    """One pass over the archive: each entry written under `staging` as it comes, then the
    run-directory rules applied to what was found."""

    def __init__(self, staging: Path, limits: ArchiveLimits):
        self._staging = staging
        self._limits = limits
        self._files: list[ArchiveFile] = []  # paths relative to the top of the archive
        self._paths: list[tuple[str, bool]] = []  # every entry, in order: (path, is_dir)
        self._config_path: str | None = None
        self._config_data = b""

    def add(self, entry: _Entry) -> None:
        self._paths.append((entry.path, entry.is_dir))
        target = self._staging.joinpath(*entry.path.split("/"))
        if entry.is_dir:
            target.mkdir(parents=True, exist_ok=True)
            return
        chunks = entry.chunks
        if entry.path.rsplit("/", 1)[-1] == CONFIG_NAME:
            chunks = iter([self._read_config(entry)])
        # Every name was checked and the folder started empty, so only our own folders are on the
        # way; 'xb' still refuses to write through anything that already exists, links included.
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        with open(target, "xb") as file:
            for chunk in chunks:
                file.write(chunk)
                size += len(chunk)
        self._files.append(ArchiveFile(entry.path, size))

    def result(self, split: str | None, config: str | None) -> CheckedArchive:
        if not self._files:
            raise ArchiveRejected(
                "the archive is empty: it holds no files. Archive the run directory agent-eval "
                "wrote (the folder with eval_config.json and the .eval logs). " + _HOW_TO_PACK
            )
        if self._config_path is None:
            raise ArchiveRejected(
                f"no {CONFIG_NAME} found: archive the run directory agent-eval wrote (the "
                f"folder holding {CONFIG_NAME} and the .eval logs). The top level of the archive "
                f"holds: {self._top_level()}. {_HOW_TO_PACK}"
            )
        root = self._config_path[: -len(CONFIG_NAME)]
        self._check_inside(root)
        eval_config = _eval_config(self._config_data, self._config_path)
        _check_config(eval_config, split, config)
        files = tuple(ArchiveFile(file.path[len(root) :], file.size) for file in self._files)
        logs = tuple(file.path for file in files if file.path.endswith(LOG_SUFFIX))
        if not logs:
            raise ArchiveRejected(
                f"no Inspect {LOG_SUFFIX} log found in the run directory "
                f"{root or '(archive root)'}: include the .eval files of your run."
            )
        return CheckedArchive(root, files, eval_config, logs, sum(file.size for file in files))

    def _read_config(self, entry: _Entry) -> bytes:
        if self._config_path is not None:
            raise ArchiveRejected(
                f"the archive holds more than one {CONFIG_NAME} ({_show(self._config_path)} and "
                f"{_show(entry.path)}); submit one run directory per archive."
            )
        if entry.size > self._limits.max_config_bytes:
            raise ArchiveRejected(
                f"{_show(entry.path)} is {human_size(entry.size)}, more than the "
                f"{human_size(self._limits.max_config_bytes)} an {CONFIG_NAME} may have."
            )
        self._config_path = entry.path
        self._config_data = b"".join(entry.chunks)
        return self._config_data

    def _check_inside(self, root: str) -> None:
        """Everything is in the run directory, or is one of the folders leading to it: `tar czf run.tar.gz
        logs/asta-bench_1.0.0_test_<time>` (agent-eval's default log folder) archives such a chain."""
        for path, is_dir in self._paths:
            if not path.startswith(root) and not (is_dir and root.startswith(path + "/")):
                raise ArchiveRejected(
                    f"{_show(path)} is outside the run directory {root!r} (the folder holding "
                    f"{CONFIG_NAME}). Archive only the run directory: {_HOW_TO_PACK}"
                )

    def _top_level(self) -> str:
        tops: dict[str, bool] = {}  # name -> is a folder
        for path, is_dir in self._paths:
            first, sep, _ = path.partition("/")
            tops[first] = tops.get(first, False) or is_dir or bool(sep)
        return _listed([name + "/" if is_folder else name for name, is_folder in tops.items()])


def _eval_config(data: bytes, path: str) -> EvalConfig:
    # Checked before decoding: the decoder recurses once per level, and whoever reads the
    # stored file later may too.
    if _json_depth(data) > _MAX_CONFIG_DEPTH:
        raise ArchiveRejected(
            f"{CONFIG_NAME} is nested too deeply to read: it has more than {_MAX_CONFIG_DEPTH} "
            f"levels of arrays and objects. Submit it as agent-eval wrote it."
        )
    try:
        return decode_eval_config(data)
    except SchemaError as exc:
        raise ArchiveRejected(f"{_show(path)} is not a valid agent-eval config: {exc}") from None


def _json_depth(data: bytes) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings do not count)."""
    brackets = _JSON_NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", data))
    depth = deepest = 0
    for bracket in brackets:
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _check_config(eval_config: EvalConfig, split: str | None, config: str | None) -> None:
    suite_split = eval_config.suite_config.split(eval_config.split)
    if suite_split is None:
        raise ArchiveRejected(
            f"{CONFIG_NAME} is for split {eval_config.split!r}, which its suite_config does not define."
        )
    if split is not None and eval_config.split != split:
        raise ArchiveRejected(
            f"the archive is a {eval_config.split} run but the form says {split}: choose "
            f"{eval_config.split} in the form, or upload the archive of your {split} run."
        )
    suite = eval_config.suite_config.name
    if suite != SUITE_NAME:
        raise ArchiveRejected(
            f"the archive was run with the suite {_show(str(suite), 60)}, but this leaderboard takes "
            f"{SUITE_NAME}: run the AstaBench suite with agent-eval."
        )
    version = eval_config.suite_config.version
    if config is not None and version != config:
        ran = f"suite version {version}" if version else "a suite without a version"
        raise ArchiveRejected(
            f"the archive was run with {ran}, but this leaderboard takes suite version {config}: "
            f"run the {config} suite, or submit to the leaderboard for your version."
        )
    _check_suite_split(suite_split)


def _check_suite_split(split: SplitDef) -> None:
    """The run's suite split may hold only AstaBench benchmarks and categories: submitters write
    suite_config, and the leaderboard shows its names."""
    adjustments = split.macro_average_weight_adjustments or []
    tasks = [task.name for task in split.tasks] + [adjustment.task for adjustment in adjustments]
    tags = [tag for task in split.tasks for tag in task.tags or ()] + [adjustment.tag for adjustment in adjustments]
    if len(split.tasks) > _MAX_SUITE_TASKS:
        raise ArchiveRejected(
            f"{CONFIG_NAME} declares {len(split.tasks)} tasks, more than the {_MAX_SUITE_TASKS} "
            f"a suite split may have. {_SUITE_FIX}"
        )
    distinct_tags = len(set(tags))
    if distinct_tags > _MAX_SUITE_TAGS:
        raise ArchiveRejected(
            f"{CONFIG_NAME} declares {distinct_tags} distinct tags, more than the "
            f"{_MAX_SUITE_TAGS} a suite split may have. {_SUITE_FIX}"
        )
    _refuse_unknown("tasks that are not AstaBench benchmarks", [name for name in tasks if not _known_task(name)])
    _refuse_unknown("tags that are not AstaBench categories", [tag for tag in tags if tag not in CATEGORIES])


def _refuse_unknown(kind: str, unknown: list[str]) -> None:
    if unknown:
        names = [_show(name, _NAME_SHOWN) for name in dict.fromkeys(unknown)]  # each once, in order
        raise ArchiveRejected(f"{CONFIG_NAME} names {kind}: {_listed(names)}. {_SUITE_FIX}")


def _known_task(name: str) -> bool:
    return _TASK_SPELLING.fullmatch(name) is not None and benchmark_for(name) is not None


@contextmanager
def _too_deep_rejected() -> Iterator[None]:
    """A backstop: the header-chain and config-depth rules keep tarfile's and the JSON decoder's
    recursion shallow, but an input that still recursed too deeply must reject, not crash."""
    try:
        yield
    except RecursionError:
        raise ArchiveRejected(f"the archive is nested too deeply to check. {_HOW_TO_PACK}") from None


@_too_deep_rejected()
def _unpack(
    source: str | os.PathLike[str] | BinaryIO,
    destination: Path,
    split: str | None,
    config: str | None,
    limits: ArchiveLimits,
) -> CheckedArchive:
    staging = Path(tempfile.mkdtemp(prefix=".abl-unpack-", dir=destination))
    try:
        scan = _Scan(staging, limits)
        for entry in _entries(source, limits):
            scan.add(entry)
        checked = scan.result(split, config)
        run_dir = staging.joinpath(*checked.root.rstrip("/").split("/")) if checked.root else staging
        for log in checked.eval_logs:
            problem = _log_problem(run_dir.joinpath(*log.split("/")))
            if problem:
                raise ArchiveRejected(
                    f"{_show(checked.root + log)} is not a valid Inspect log: {problem}. Include the .eval "
                    f"files exactly as your run wrote them."
                )
        for child in run_dir.iterdir():
            child.rename(destination / child.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return checked


# ---- the destination ------------------------------------------------------------------------


def _prepare_destination(destination: Path) -> bool:
    """Create `destination` if absent (True) or accept it if an empty real folder (False)."""
    if destination.is_symlink() or (destination.exists() and not destination.is_dir()):
        raise FileExistsError(f"{destination} exists and is not a folder")
    if destination.exists():
        if any(destination.iterdir()):
            raise FileExistsError(f"{destination} is not empty")
        return False
    destination.mkdir(parents=True)
    return True


def _clear(destination: Path, created: bool) -> None:
    if created:
        shutil.rmtree(destination, ignore_errors=True)
        return
    for child in destination.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
