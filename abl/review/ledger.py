"""Where the review of a submission lives: files added to the datasets, never rewritten.

In the submissions dataset, beside each submission folder `<config>/<split>/<name>/` (the run as
uploaded, plus `submission.json`):
- `summaries/<config>/<split>/<name>/`: what scoring wrote (`scores.json`, `summary_stats.json`,
  the row to publish, the scorer's log), where `agenteval score hf://...` puts its files;
- `events/<config>/<split>/<name>/<stamp>_<id>_<action>.json`: one file per reviewer action.
In the results dataset: `<config>/<split>/<name>.json`, the published row, where
`agenteval lb publish` puts it. Its creation is exclusive, so a row is published once.

`LocalLedger` works on local folders (local mode, tests); `HubLedger` on Hub datasets. Both keep
no state of their own: any replica sees the same review.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

from ..intake.store import StoreError, os_reason

SUMMARIES = "summaries"
EVENTS = "events"


class AlreadyPublished(Exception):
    """The results dataset already holds this submission's row."""


class Ledger(Protocol):
    label: str

    def folders(self, config: str, split: str) -> list[str]:
        """Names of the submission folders of a config and split."""

    def read(self, path: str) -> bytes | None:
        """A file of the submissions dataset, or None when it does not exist."""

    def listing(self, folder: str) -> list[str]:
        """Paths of the files under a folder of the submissions dataset (recursively)."""

    def add(self, files: dict[str, bytes], message: str) -> None:
        """Adds files to the submissions dataset in one step; refuses to replace any."""

    def fetch_run(self, folder: str, target: Path) -> None:
        """Copies a submission folder's files under `target`."""

    def logs_url(self, folder: str) -> str:
        """Where a published row says the run's logs are (`logs_url`)."""

    def published(self, row_path: str) -> bool: ...

    def publish(self, row_path: str, row: bytes, message: str) -> str:
        """Creates the row in the results dataset, or raises AlreadyPublished; returns where it is."""


class LocalLedger:
    def __init__(self, submissions: str | os.PathLike[str], results: str | os.PathLike[str]):
        self.submissions = Path(submissions)
        self.results = Path(results)
        self.label = str(self.submissions)

    def folders(self, config: str, split: str) -> list[str]:
        folder = self.submissions / config / split
        return (
            sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
            if folder.is_dir()
            else []
        )

    def read(self, path: str) -> bytes | None:
        try:
            return (self.submissions / path).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise StoreError(f"could not read {path}: {os_reason(exc)}") from exc

    def listing(self, folder: str) -> list[str]:
        base = self.submissions / folder
        return (
            sorted(p.relative_to(self.submissions).as_posix() for p in base.rglob("*") if p.is_file())
            if base.is_dir()
            else []
        )

    def add(self, files: dict[str, bytes], message: str) -> None:
        written: list[Path] = []
        try:
            for path, data in files.items():
                target = self.submissions / path
                target.parent.mkdir(parents=True, exist_ok=True)
                _create_exclusively(target, data)
                written.append(target)
        except OSError as exc:
            for target in written:  # one step: all files or none
                target.unlink(missing_ok=True)
            raise StoreError(f"could not write {message!r}: {os_reason(exc)}") from exc

    def fetch_run(self, folder: str, target: Path) -> None:
        shutil.copytree(self.submissions / folder, target, dirs_exist_ok=True)

    def logs_url(self, folder: str) -> str:
        return (self.submissions / folder).resolve().as_uri()  # not a web link: readers get none

    def published(self, row_path: str) -> bool:
        return (self.results / row_path).is_file()

    def publish(self, row_path: str, row: bytes, message: str) -> str:
        target = self.results / row_path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _create_exclusively(target, row)
        except FileExistsError:
            raise AlreadyPublished(row_path) from None
        except OSError as exc:
            raise StoreError(f"could not write the row {row_path}: {os_reason(exc)}") from exc
        return target.resolve().as_uri()


def _create_exclusively(target: Path, data: bytes) -> None:
    """Writes `data` to a new file `target` atomically; FileExistsError if it exists."""
    handle, temp = tempfile.mkstemp(prefix=".new-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.link(temp, target)  # atomic, and fails if the target exists
    finally:
        os.unlink(temp)


class HubLedger:
    def __init__(self, submissions_repo: str, results_repo: str, token: str | None = None, endpoint: str | None = None):
        from huggingface_hub import HfApi

        self.submissions_repo = submissions_repo
        self.results_repo = results_repo
        self.label = f"hf://datasets/{submissions_repo}"
        self._api = HfApi(token=token, endpoint=endpoint)

    def _entries(self, repo: str, folder: str, recursive: bool = False) -> list:
        from huggingface_hub.errors import EntryNotFoundError

        try:
            return list(self._api.list_repo_tree(repo, path_in_repo=folder, repo_type="dataset", recursive=recursive))
        except EntryNotFoundError:
            return []

    def folders(self, config: str, split: str) -> list[str]:
        from huggingface_hub.hf_api import RepoFolder

        try:
            entries = self._entries(self.submissions_repo, f"{config}/{split}")
        except Exception as exc:
            raise StoreError(f"could not list {self.submissions_repo}: {exc}") from exc
        return sorted(e.path.rsplit("/", 1)[-1] for e in entries if isinstance(e, RepoFolder))

    def read(self, path: str) -> bytes | None:
        from huggingface_hub.errors import EntryNotFoundError

        try:
            local = self._api.hf_hub_download(self.submissions_repo, path, repo_type="dataset")
        except EntryNotFoundError:
            return None
        except Exception as exc:
            raise StoreError(f"could not read {path} from {self.submissions_repo}: {exc}") from exc
        return Path(local).read_bytes()

    def listing(self, folder: str) -> list[str]:
        from huggingface_hub.hf_api import RepoFile

        try:
            entries = self._entries(self.submissions_repo, folder, recursive=True)
        except Exception as exc:
            raise StoreError(f"could not list {folder} in {self.submissions_repo}: {exc}") from exc
        return sorted(e.path for e in entries if isinstance(e, RepoFile))

    def add(self, files: dict[str, bytes], message: str) -> None:
        from huggingface_hub import CommitOperationAdd

        # New names only (events and summaries carry unique names), so a commit replaces nothing.
        operations = [CommitOperationAdd(path_in_repo=path, path_or_fileobj=data) for path, data in files.items()]
        try:
            self._api.create_commit(self.submissions_repo, operations, commit_message=message, repo_type="dataset")
        except Exception as exc:
            raise StoreError(f"could not write to {self.submissions_repo}: {exc}") from exc

    def fetch_run(self, folder: str, target: Path) -> None:
        for path in self.listing(folder):
            local = self._api.hf_hub_download(self.submissions_repo, path, repo_type="dataset")
            destination = target / path[len(folder) + 1 :]
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(Path(local).read_bytes())

    def logs_url(self, folder: str) -> str:
        return f"hf://datasets/{self.submissions_repo}/{folder}"  # as `agenteval lb publish` writes it

    def _row_exists(self, row_path: str, revision: str) -> bool:
        return self._api.file_exists(self.results_repo, row_path, repo_type="dataset", revision=revision)

    def published(self, row_path: str) -> bool:
        try:
            return self._api.file_exists(self.results_repo, row_path, repo_type="dataset")
        except Exception as exc:
            raise StoreError(f"could not read {self.results_repo}: {exc}") from exc

    def publish(self, row_path: str, row: bytes, message: str) -> str:
        """The Hub has no exclusive create: commit on top of the revision where the row was seen
        absent (`parent_commit`); if anything was committed since, look again and retry."""
        from huggingface_hub import CommitOperationAdd
        from huggingface_hub.errors import HfHubHTTPError

        for _attempt in range(5):
            try:
                head = self._api.repo_info(self.results_repo, repo_type="dataset").sha
                if self._row_exists(row_path, head):
                    raise AlreadyPublished(row_path)
                self._api.create_commit(
                    self.results_repo,
                    [CommitOperationAdd(row_path, row)],
                    commit_message=message,
                    repo_type="dataset",
                    parent_commit=head,
                )
                return f"{self._api.endpoint}/datasets/{self.results_repo}/blob/main/{row_path}"
            except HfHubHTTPError as exc:
                if exc.response is not None and exc.response.status_code == 412:
                    continue  # someone committed meanwhile: look again
                raise StoreError(f"could not write to {self.results_repo}: {exc}") from exc
        raise StoreError(f"{self.results_repo} kept changing while publishing; please try again")
