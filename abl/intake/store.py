"""Where submissions go: the submissions dataset and the private contact dataset.

Both live on the Hub (`HubStore`, through huggingface_hub) or in writable local folders
(`LocalStore`). Every write adds new files only: a submission is one folder added in one
commit (or one atomic rename), a contact record is one new file with a unique name, so two
concurrent submissions can never lose each other's record. The one-per-day rule is read
from the contact records themselves, never from process memory.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

STAMP = "%Y-%m-%d_%H-%M-%S"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RECORD_NAME = re.compile(r"^(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})_(?P<user>.+)_[0-9a-f]{8}\.json$")
_FOLDER_STAMP = re.compile(r"_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})$")


def path_part(text: str, limit: int = 60) -> str:
    """A piece of a dataset path: letters, digits, '.', '_' and '-' only."""
    return _UNSAFE.sub("-", text).strip("-.")[:limit] or "unnamed"


def folder_name(user: str, agent: str, when: datetime) -> str:
    return f"{path_part(user)}_{path_part(agent)}_{when.strftime(STAMP)}"


def submission_folder(config: str, split: str, user: str, agent: str, when: datetime) -> str:
    return f"{config}/{split}/{folder_name(user, agent, when)}"


def contact_record_path(config: str, split: str, user: str, when: datetime) -> str:
    return f"{config}/{split}/{when.strftime(STAMP)}_{path_part(user)}_{uuid.uuid4().hex[:8]}.json"


def _recent_names(names: list[str], user: str, since: datetime) -> list[str]:
    """Record file names of `user` stamped at or after `since` (the name says both: the user
    part ends where the fixed `_<8 hex>.json` tail begins, so `bob` never matches `bob_smith`)."""
    wanted = path_part(user)
    out = []
    for name in names:
        match = _RECORD_NAME.match(name.rsplit("/", 1)[-1])
        if match and match["user"] == wanted:
            stamp = datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)
            if stamp >= since.replace(microsecond=0):
                out.append(name)
    return out


def _agent_name(metadata: bytes | None) -> str | None:
    """The agent name in a submission folder's metadata file, or None if it has none."""
    try:
        agent = json.loads(metadata)["agent_name"] if metadata is not None else None
    except (ValueError, TypeError, KeyError):  # not JSON, not an object, or no agent name
        return None
    return agent if isinstance(agent, str) else None


def _recent_folders(
    names: list[str], user: str, since: datetime, read_metadata: Callable[[str], bytes | None]
) -> list[datetime]:
    """Times of `user`'s submission folders (`<user>_<agent>_<stamp>`) stamped at or after `since`.

    The name alone cannot say whose a folder is: `bob` with agent `smith_v1` and `bob_smith`
    with agent `v1` both make `bob_smith_v1_<stamp>`. So a folder counts only if it is exactly
    the name `submission_folder` makes from `user` and the agent name in the folder's metadata
    (`read_metadata(name)`: its bytes, None if absent). A folder without a readable agent name
    has no known owner and counts for nobody: a damaged folder must not block whoever's name
    happens to prefix it. (The contact records, which name the user, are counted separately.)"""
    prefix = path_part(user) + "_"
    times = []
    for name in names:
        stamp = folder_stamp(name)
        if stamp is None or not name.startswith(prefix):
            continue  # cannot be the user's: no need to read its metadata
        if stamp < since.replace(microsecond=0):
            continue
        if made_for(name, user, _agent_name(read_metadata(name))):
            times.append(stamp)
    return times


def folder_stamp(name: str) -> datetime | None:
    """The time at the end of a submission folder's name, or None if it has none."""
    match = _FOLDER_STAMP.search(name)
    try:
        return datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC) if match else None
    except ValueError:  # digits in the right places, but not a time
        return None


def made_for(name: str, user: str, agent: str | None) -> bool:
    """Is `name` exactly the folder the form makes for `user` and `agent` (the folder's metadata
    says which agent)? The name alone is ambiguous (see `_recent_folders`)."""
    stamp = folder_stamp(name)
    return agent is not None and stamp is not None and name == folder_name(user, agent, stamp)


def _per_user_lock(locks: dict, guard: threading.Lock, key: tuple[str, str]) -> threading.Lock:
    with guard:
        return locks.setdefault(key, threading.Lock())


class StoreError(RuntimeError):
    """A dataset could not be read or written; the message says which and why."""


class SubmissionStore(Protocol):
    label: str

    def lock(self, user: str, split: str): ...

    def recent_contacts(self, user: str, config: str, split: str, since: datetime) -> list[dict]: ...

    def recent_submissions(
        self, user: str, config: str, split: str, since: datetime, metadata_file: str
    ) -> list[datetime]:
        """Times of `user`'s submission folders stamped at or after `since`, as their
        `metadata_file` shows (see `_recent_folders`)."""

    def add_submission(self, folder: str, files_dir: Path, message: str) -> str: ...

    def add_contact(self, path: str, record: dict, message: str) -> str: ...


class LocalStore:
    """Datasets as local folders (local mode, and tests)."""

    def __init__(self, submissions: str | os.PathLike[str], contacts: str | os.PathLike[str]):
        self.submissions = Path(submissions)
        self.contacts = Path(contacts)
        self.label = str(self.submissions)
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def lock(self, user: str, split: str) -> Iterator[None]:
        """Serialises check-then-write for one user and split: across threads (a lock) and
        processes (flock on a file; flock does not exclude threads of one process)."""
        folder = self.contacts / ".locks"
        folder.mkdir(parents=True, exist_ok=True)
        with _per_user_lock(self._locks, self._guard, (user, split)):
            with open(folder / f"{path_part(user)}_{split}.lock", "w") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def recent_submissions(
        self, user: str, config: str, split: str, since: datetime, metadata_file: str
    ) -> list[datetime]:
        folder = self.submissions / config / split

        def read_metadata(name: str) -> bytes | None:
            path = folder / name / metadata_file
            try:
                return path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as exc:
                # Dataset-relative: this message can reach the submitter, who must not see server paths.
                raise StoreError(
                    f"could not read {path.relative_to(self.submissions.parent)}: {os_reason(exc)}"
                ) from exc

        names = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
        return _recent_folders(names, user, since, read_metadata)

    def recent_contacts(self, user: str, config: str, split: str, since: datetime) -> list[dict]:
        folder = self.contacts / config / split
        names = sorted(p.name for p in folder.glob("*.json")) if folder.is_dir() else []
        records = []
        for name in _recent_names(names, user, since):
            try:
                records.append(json.loads((folder / name).read_text(encoding="utf-8")))
            except OSError as exc:
                raise StoreError(f"could not read contact record {name}: {os_reason(exc)}") from exc
            except ValueError as exc:
                raise StoreError(f"could not read contact record {name}: {exc}") from exc
        return records

    def add_submission(self, folder: str, files_dir: Path, message: str) -> str:
        target = self.submissions / folder
        staging: Path | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Build beside the target, then rename: readers never see half a submission.
            staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=target.parent))
            shutil.copytree(files_dir, staging, dirs_exist_ok=True)
            os.rename(staging, target)  # fails if the target exists: never overwrite
        except OSError as exc:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"could not write {self.submissions.name}/{folder}: {os_reason(exc)}") from exc
        return target.resolve().as_uri()

    def add_contact(self, path: str, record: dict, message: str) -> str:
        target = self.contacts / path
        temp: str | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".record-", dir=target.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out, indent=2, ensure_ascii=False)
            os.link(temp, target)  # fails if a record of that name exists: never overwrite
        except OSError as exc:
            raise StoreError(f"could not write contact record {path}: {os_reason(exc)}") from exc
        finally:
            if temp is not None:
                os.unlink(temp)
        return target.resolve().as_uri()


def os_reason(exc: OSError) -> str:
    """What went wrong, without the file names an OSError carries: these messages reach submitters."""
    return exc.strerror or type(exc).__name__


class HubStore:
    """Datasets on the Hugging Face Hub (or a server speaking its API)."""

    def __init__(
        self, submissions_repo: str, contacts_repo: str, token: str | None = None, endpoint: str | None = None
    ):
        from huggingface_hub import HfApi

        self.submissions_repo = submissions_repo
        self.contacts_repo = contacts_repo
        self.label = f"hf://datasets/{submissions_repo}"
        self._api = HfApi(token=token, endpoint=endpoint)
        self._endpoint = (endpoint or self._api.endpoint).rstrip("/")
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def lock(self, user: str, split: str) -> Iterator[None]:
        """Serialises check-then-write for one user and split within this process. The Hub has
        no locks: two replicas could each accept one submission while the other uploads (the
        check and the contact record are minutes apart for large archives)."""
        with _per_user_lock(self._locks, self._guard, (user, split)):
            yield

    def _listing(self, repo: str, path: str, revision: str) -> list:
        from huggingface_hub.errors import EntryNotFoundError

        try:
            return list(self._api.list_repo_tree(repo, path_in_repo=path, repo_type="dataset", revision=revision))
        except EntryNotFoundError:
            return []

    def recent_submissions(
        self, user: str, config: str, split: str, since: datetime, metadata_file: str
    ) -> list[datetime]:
        from huggingface_hub.errors import RemoteEntryNotFoundError
        from huggingface_hub.hf_api import RepoFolder

        try:
            info = self._api.repo_info(self.submissions_repo, repo_type="dataset")

            def read_metadata(name: str) -> bytes | None:
                try:
                    path = self._api.hf_hub_download(
                        self.submissions_repo,
                        f"{config}/{split}/{name}/{metadata_file}",
                        repo_type="dataset",
                        revision=info.sha,
                    )
                except RemoteEntryNotFoundError:  # the Hub says it is absent (not a network failure)
                    return None
                return Path(path).read_bytes()

            entries = self._listing(self.submissions_repo, f"{config}/{split}", info.sha)
            names = [e.path.rsplit("/", 1)[-1] for e in entries if isinstance(e, RepoFolder)]
            return _recent_folders(names, user, since, read_metadata)
        except Exception as exc:  # network or Hub errors: say which dataset failed
            raise StoreError(f"could not read the submissions dataset {self.submissions_repo}: {exc}") from exc

    def recent_contacts(self, user: str, config: str, split: str, since: datetime) -> list[dict]:
        from huggingface_hub.errors import RepositoryNotFoundError
        from huggingface_hub.hf_api import RepoFile

        try:
            info = self._api.repo_info(self.contacts_repo, repo_type="dataset")
            entries = self._listing(self.contacts_repo, f"{config}/{split}", info.sha)
            names = [e.path for e in entries if isinstance(e, RepoFile)]
            records = []
            for name in _recent_names(names, user, since):
                path = self._api.hf_hub_download(self.contacts_repo, name, repo_type="dataset", revision=info.sha)
                records.append(json.loads(Path(path).read_text(encoding="utf-8")))
            return records
        except RepositoryNotFoundError as exc:
            raise StoreError(f"contact dataset {self.contacts_repo} not found or not accessible") from exc
        except Exception as exc:  # network or Hub errors: say which dataset failed
            raise StoreError(f"could not read the contact dataset {self.contacts_repo}: {exc}") from exc

    def add_submission(self, folder: str, files_dir: Path, message: str) -> str:
        from huggingface_hub import CommitOperationAdd

        operations = [
            CommitOperationAdd(path_in_repo=f"{folder}/{p.relative_to(files_dir).as_posix()}", path_or_fileobj=str(p))
            for p in sorted(files_dir.rglob("*"))
            if p.is_file()
        ]
        try:
            self._api.create_commit(self.submissions_repo, operations, commit_message=message, repo_type="dataset")
        except Exception as exc:
            raise StoreError(f"could not upload to {self.submissions_repo}: {exc}") from exc
        return f"{self._endpoint}/datasets/{self.submissions_repo}/tree/main/{folder}"

    def add_contact(self, path: str, record: dict, message: str) -> str:
        from huggingface_hub import CommitOperationAdd

        data = json.dumps(record, indent=2, ensure_ascii=False).encode("utf-8")
        try:
            self._api.create_commit(
                self.contacts_repo,
                [CommitOperationAdd(path_in_repo=path, path_or_fileobj=data)],
                commit_message=message,
                repo_type="dataset",
            )
        except Exception as exc:
            raise StoreError(f"could not write to {self.contacts_repo}: {exc}") from exc
        return f"{self._endpoint}/datasets/{self.contacts_repo}/blob/main/{path}"


def open_store(settings) -> SubmissionStore:
    """The store the settings point at (`abl.settings.Settings`)."""
    submissions = settings.dataset_location("submissions")
    contacts = settings.dataset_location("contact-info")
    if settings.submissions_are_local:
        return LocalStore(submissions, contacts)
    return HubStore(submissions, contacts, token=settings.token)
