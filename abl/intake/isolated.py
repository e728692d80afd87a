"""Check and unpack an uploaded archive in a separate process with CPU-time and memory limits.

Parsing hostile tar headers can take minutes of CPU (CPython's pax-header parser before
3.11.10 / 3.12.6, CVE-2024-6232) or a lot of memory. In the server's own process that would
stall every reader, so the submission path runs `unpack_archive` here, in
a child process at low priority whose limits the kernel enforces: when it runs out of CPU time or
memory it is stopped and the archive is refused, while the site keeps serving.

    python -m abl.intake.isolated   # reads one JSON request on stdin, writes one JSON answer
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .archive import ArchiveFile, ArchiveLimits, ArchiveRejected, unpack_archive


@dataclass(frozen=True)
class ProcessLimits:
    cpu_seconds: int = 60  # CPU time of the check; a valid 5 GB archive needs well under this
    memory_bytes: int = 1024**3  # address space of the checking process
    wall_seconds: int = 300  # a stuck or starved child is stopped after this long
    niceness: int = 10  # readers' requests come first


def check_and_extract(
    archive: Path,
    destination: Path,
    *,
    split: str,
    config: str,
    limits: ArchiveLimits,
    process: ProcessLimits = ProcessLimits(),
) -> tuple[ArchiveFile, ...]:
    """The checked files of `archive`, written to `destination` (a path that must not exist yet);
    ArchiveRejected otherwise, with nothing left at `destination`.

    The child removes anything half-written when it refuses the archive; when the kernel stops it,
    or it ran out of memory while clearing up, this function does.
    """
    if destination.exists():
        raise FileExistsError(f"{destination} exists")
    request = {
        "archive": str(archive),
        "destination": str(destination),
        "split": split,
        "config": config,
        "limits": asdict(limits),
        "process": asdict(process),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=process.wall_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        _remove(destination)
        raise ArchiveRejected(
            f"checking the archive did not finish within {process.wall_seconds} s, so it "
            "was refused. Please check it with `abl check-archive` and try again."
        ) from None
    answer = _answer(done.stdout)
    if done.returncode != 0 or answer is None:
        _remove(destination)
        raise ArchiveRejected(_stopped_reason(done.returncode, process))
    if "rejected" in answer:
        _remove(destination)
        raise ArchiveRejected(answer["rejected"])
    return tuple(ArchiveFile(path=path, size=size) for path, size in answer["files"])


def _answer(stdout: str) -> dict | None:
    try:
        answer = json.loads(stdout)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def _stopped_reason(returncode: int, process: ProcessLimits) -> str:
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return (
            f"checking the archive needed more than {process.cpu_seconds} s of CPU time, so it was refused. "
            "Archives with unusual tar headers can cause this; pack the run directory with "
            "`tar -czf run.tar.gz <run-directory>`."
        )
    return "the archive could not be checked (the checking process stopped unexpectedly), so it was refused."


def _remove(destination: Path) -> None:
    shutil.rmtree(destination, ignore_errors=True)


def _limit_this_process(process: ProcessLimits) -> None:
    import resource

    # The soft CPU limit sends SIGXCPU; the hard one, a second later, SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (process.cpu_seconds, process.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (process.memory_bytes, process.memory_bytes))
    os.nice(process.niceness)


def _serve_one_request() -> dict:
    request = json.loads(sys.stdin.read())
    process = ProcessLimits(**request["process"])
    _limit_this_process(process)
    limits = ArchiveLimits(**request["limits"])
    archive, destination = Path(request["archive"]), Path(request["destination"])
    try:
        checked = unpack_archive(archive, destination, split=request["split"], config=request["config"], limits=limits)
    except ArchiveRejected as exc:
        return {"rejected": str(exc)}
    except MemoryError:
        _remove(destination)
        return {
            "rejected": f"checking the archive needed more than {process.memory_bytes // 1024**2} MiB of "
            "memory, so it was refused."
        }
    except RecursionError:
        _remove(destination)
        return {"rejected": "the archive is nested too deeply to be checked, so it was refused."}
    except OSError as exc:  # e.g. a full disk: say what, never where
        _remove(destination)
        return {
            "rejected": f"the server could not unpack the archive ({exc.strerror or type(exc).__name__}); "
            "please try again later."
        }
    return {"files": [[f.path, f.size] for f in checked.files]}


if __name__ == "__main__":
    print(json.dumps(_serve_one_request()))
