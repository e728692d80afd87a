"""Where uploaded archives wait on disk until their submitter presses Submit.

Archives arrive through a streaming endpoint (deploy/upload_handler.py) and are written here as
their bytes come, never held in memory. The area enforces what the browser cannot be trusted
to: the size limit while bytes arrive, one upload at a time per user, room left on the disk,
and a clear message without server paths when something goes wrong. Each user keeps at most
one archive, for at most `KEEP_FOR`. Every server process has its own folder in the temporary
directory; folders of processes that are gone are removed when the next one starts.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings

ARCHIVE_NAME = "archive.tar.gz"
FOLDER_PREFIX = "abl-uploads-"
LEGACY_PREFIX = "abl-upload-"  # per-session folders of earlier versions, left behind by killed servers
KEEP_FOR = 2 * 3600  # seconds an unsubmitted archive is kept
DISK_MARGIN_BYTES = 256 * 1024**2  # left free for unpacking and for the rest of the server
MAX_NAME = 200
_FOLDER = re.compile(re.escape(FOLDER_PREFIX) + r"(?P<pid>\d+)$")


class UploadRefused(Exception):
    """An upload was not taken; `status` is the HTTP status, str(exc) what to tell the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def max_upload_bytes(env: Mapping[str, str]) -> int:
    """ABL_MAX_UPLOAD_MB as bytes (see abl.settings); SettingsError naming the variable for a bad value."""
    return Settings.from_env(env).max_upload_mb * 1024**2


@dataclass(frozen=True)
class StoredUpload:
    token: str
    user: str
    name: str  # the file name the browser gave, for display only
    size: int
    path: Path
    stored_at: float  # time.monotonic()


class Upload:
    """One archive being received; `write` each chunk, then `finish` or `abort`."""

    def __init__(self, area: UploadArea, user: str, name: str, expected: int):
        self.area, self.user, self.name, self.expected = area, user, name, expected
        self.token = secrets.token_urlsafe(18)
        self.folder = area.root / self.token
        self.folder.mkdir(parents=True)
        self.received = 0
        self._file = open(self.folder / ARCHIVE_NAME, "wb")  # noqa: SIM115 (closed in finish/abort)

    def write(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self.received > self.expected:
            raise UploadRefused(400, "More bytes arrived than the upload announced; nothing was kept.")
        try:
            self._file.write(chunk)
        except OSError as exc:
            raise _disk_refusal(exc) from None

    def finish(self) -> StoredUpload:
        if self.received != self.expected:
            raise UploadRefused(
                400,
                f"The upload stopped after {self.received} of {self.expected} bytes; "
                "nothing was kept. Please try again.",
            )
        try:
            self._file.close()
        except OSError as exc:
            raise _disk_refusal(exc) from None
        return self.area._keep(self)

    def abort(self) -> None:
        self._file.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        self.area._release(self)


def _disk_refusal(exc: OSError) -> UploadRefused:
    # Never show the OSError itself: it names paths on the server.
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UploadRefused(
            507,
            "The server ran out of disk space while receiving your archive, so nothing "
            "was kept. Please try again later.",
        )
    return UploadRefused(500, "The server could not store your archive, so nothing was kept. Please try again later.")


class UploadArea:
    """The uploads of one server process, in `root`."""

    def __init__(self, root: Path, max_bytes: int, keep_for: float = KEEP_FOR, disk_margin: int = DISK_MARGIN_BYTES):
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.keep_for = keep_for
        self.disk_margin = disk_margin
        self._receiving: dict[str, Upload] = {}
        self._stored: dict[str, StoredUpload] = {}  # by user
        self._lock = threading.Lock()
        self.root.mkdir(parents=True, exist_ok=True)

    def begin(self, user: str, name: str, size: int) -> Upload:
        """Start receiving `size` bytes from `user`, or UploadRefused saying why not."""
        if size > self.max_bytes:
            raise UploadRefused(413, f"The archive is {_mib(size)}; the limit is {_mib(self.max_bytes)}.")
        if size <= 0:
            raise UploadRefused(400, "The archive is empty.")
        name = os.path.basename(name.replace("\\", "/"))[:MAX_NAME] or ARCHIVE_NAME
        with self._lock:
            self._expire()
            if user in self._receiving:
                raise UploadRefused(409, "Another upload of yours is still in progress; wait for it to finish.")
            previous = self._stored.pop(user, None)
            if previous is not None:  # one archive per user: the new one replaces it
                shutil.rmtree(previous.path.parent, ignore_errors=True)
            if shutil.disk_usage(self.root).free < size + self.disk_margin:
                raise UploadRefused(
                    507, f"The server has no room for a {_mib(size)} archive right now. Please try again later."
                )
            try:
                upload = Upload(self, user, name, size)
            except OSError as exc:
                raise _disk_refusal(exc) from None
            self._receiving[user] = upload
            return upload

    def get(self, user: str, token: str) -> StoredUpload | None:
        """`user`'s stored archive with this token, if it is still kept."""
        with self._lock:
            self._expire()
            stored = self._stored.get(user)
        return stored if stored is not None and secrets.compare_digest(stored.token, token) else None

    def discard(self, user: str, token: str) -> None:
        with self._lock:
            stored = self._stored.get(user)
            if stored is not None and stored.token == token:
                del self._stored[user]
                shutil.rmtree(stored.path.parent, ignore_errors=True)

    def close(self) -> None:
        """Remove every archive of this process (at shutdown)."""
        with self._lock:
            self._receiving.clear()
            self._stored.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def _keep(self, upload: Upload) -> StoredUpload:
        stored = StoredUpload(
            token=upload.token,
            user=upload.user,
            name=upload.name,
            size=upload.received,
            path=upload.folder / ARCHIVE_NAME,
            stored_at=time.monotonic(),
        )
        with self._lock:
            self._receiving.pop(upload.user, None)
            self._stored[upload.user] = stored
        return stored

    def _release(self, upload: Upload) -> None:
        with self._lock:
            if self._receiving.get(upload.user) is upload:
                del self._receiving[upload.user]

    def _expire(self) -> None:
        now = time.monotonic()
        for user, stored in list(self._stored.items()):
            if now - stored.stored_at > self.keep_for:
                del self._stored[user]
                shutil.rmtree(stored.path.parent, ignore_errors=True)


def _mib(size: int) -> str:
    return f"{size / 1024**2:.1f} MB"


def remove_leftovers(temp_dir: Path) -> list[Path]:
    """Remove upload folders of server processes that no longer run (killed, or the machine
    restarted); returns what was removed."""
    removed = []
    for folder in temp_dir.glob("abl-upload*"):  # both prefixes
        match = _FOLDER.match(folder.name)
        if match:
            gone = not _running(int(match["pid"]))
        else:  # an earlier version's folder: no owner to ask, so only when surely abandoned
            gone = folder.name.startswith(LEGACY_PREFIX) and _age(folder) > KEEP_FOR
        if gone and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder with our pid is a previous process's: pids are reused after restarts
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


_area: UploadArea | None = None
_area_lock = threading.Lock()


def upload_area(env: Mapping[str, str] | None = None) -> UploadArea:
    """This process's upload area, created (after removing leftovers) on first use."""
    global _area
    with _area_lock:
        if _area is None:
            temp_dir = Path(tempfile.gettempdir())
            remove_leftovers(temp_dir)
            _area = UploadArea(
                temp_dir / f"{FOLDER_PREFIX}{os.getpid()}", max_upload_bytes(os.environ if env is None else env)
            )
        return _area


def close_upload_area() -> None:
    global _area
    with _area_lock:
        if _area is not None:
            _area.close()
            _area = None
