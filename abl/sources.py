"""Where a results dataset lives: a local folder in Hub layout, or a Hugging Face Hub repo.

Both kinds answer the same four questions, each as cheaply as it can:
- `revision()`: an identifier that changes whenever the dataset does (a commit sha on the
  Hub, a fingerprint of file names, sizes and times locally): the "has it changed?" check;
- `configs()`: config name -> {split: glob of its files}, from the README front matter;
- `list_files()`: the split's files, each with a fingerprint (blob id / size+mtime), so
  unchanged files are never downloaded or parsed twice;
- `local_paths()`: readable local copies of files (downloaded into the Hub cache if needed).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import yaml

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class SourceError(RuntimeError):
    """The dataset cannot be reached or is not in Hub layout; the message says why."""


@dataclass(frozen=True)
class FileRef:
    path: str  # relative to the dataset root, '/'-separated
    fingerprint: str  # changes whenever the file's content may have changed


@dataclass(frozen=True)
class RevisionInfo:
    id: str
    time: datetime | None  # when that revision was made, when known


def parse_configs(readme_text: str) -> dict[str, dict[str, str]]:
    """`configs:` of a dataset README -> {config: {split: path glob}}."""
    match = _FRONT_MATTER.match(readme_text)
    if not match:
        return {}
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"README.md front matter is not valid YAML: {exc}") from None
    configs: dict[str, dict[str, str]] = {}
    for entry in meta.get("configs") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("config_name"), str):
            continue
        name = entry["config_name"]
        files = entry.get("data_files") or []
        splits: dict[str, str] = {}
        for item in files if isinstance(files, list) else []:
            if isinstance(item, dict) and isinstance(item.get("split"), str):
                path = item.get("path")
                path = path[0] if isinstance(path, list) and path else path
                if isinstance(path, str):
                    splits[item["split"]] = path
        configs[name] = splits
    return configs


def _stat(entry: os.DirEntry[str]) -> os.stat_result | None:
    """The entry's stat, or None if it was removed since the folder was listed."""
    try:
        return entry.stat()
    except FileNotFoundError:
        return None


def _default_glob(config: str, split: str) -> str:
    return f"{config}/{split}/*.json"


class ResultsSource(Protocol):
    label: str  # for logs and the command line: may be a path on this machine
    public_name: str  # for readers: names the dataset, never a path on the server

    def revision(self) -> RevisionInfo: ...

    def configs(self, revision: RevisionInfo) -> dict[str, dict[str, str]]: ...

    def list_files(self, config: str, split: str, revision: RevisionInfo) -> list[FileRef]: ...

    def local_paths(self, refs: list[FileRef], revision: RevisionInfo) -> list[Path]: ...


class LocalFolderSource:
    """A results dataset cloned or written to a local folder."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root).expanduser().resolve()
        self.label = str(self.root)
        self.public_name = f"a local copy of the dataset {self.root.name}"

    def _glob(self, config: str, split: str) -> str:
        readme = self.root / "README.md"
        configs = parse_configs(readme.read_text(encoding="utf-8")) if readme.is_file() else {}
        return configs.get(config, {}).get(split) or _default_glob(config, split)

    def _scan(self, pattern: str) -> list[os.DirEntry[str]]:
        # Only the glob's directory is listed: cheap even with thousands of files.
        directory, _, name_glob = pattern.rpartition("/")
        folder = self.root / directory
        if not folder.is_dir():
            return []
        with os.scandir(folder) as entries:
            return sorted(
                (e for e in entries if e.is_file() and fnmatch.fnmatch(e.name, name_glob or "*")),
                key=lambda e: e.name,
            )

    def revision(self) -> RevisionInfo:
        if not self.root.is_dir():
            raise SourceError(f"results folder {self.root} does not exist")
        digest = hashlib.sha1()
        newest = 0
        for path in [self.root / "README.md", *self._data_dirs()]:
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            newest = max(newest, stat.st_mtime_ns)
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
            if path.is_dir():
                with os.scandir(path) as entries:
                    for e in sorted(entries, key=lambda e: e.name):
                        st = _stat(e)
                        if st is None:
                            continue
                        newest = max(newest, st.st_mtime_ns)
                        digest.update(f"{e.name}:{st.st_mtime_ns}:{st.st_size}".encode())
        when = datetime.fromtimestamp(newest / 1e9, UTC) if newest else None
        return RevisionInfo(id=f"local-{digest.hexdigest()[:12]}", time=when)

    def _data_dirs(self) -> list[Path]:
        return sorted(
            p
            for cfg in self.root.iterdir()
            if cfg.is_dir() and not cfg.name.startswith(".")
            for p in cfg.iterdir()
            if p.is_dir()
        )

    def configs(self, revision: RevisionInfo) -> dict[str, dict[str, str]]:
        readme = self.root / "README.md"
        if readme.is_file():
            found = parse_configs(readme.read_text(encoding="utf-8"))
            if found:
                return found
        # No README: a folder per config holding a folder per split.
        return {
            cfg.name: {
                split.name: _default_glob(cfg.name, split.name) for split in sorted(cfg.iterdir()) if split.is_dir()
            }
            for cfg in sorted(self.root.iterdir())
            if cfg.is_dir() and not cfg.name.startswith(".")
        }

    def list_files(self, config: str, split: str, revision: RevisionInfo) -> list[FileRef]:
        pattern = self._glob(config, split)
        directory = pattern.rpartition("/")[0]
        refs = []
        for entry in self._scan(pattern):
            st = _stat(entry)
            if st is None:
                continue
            rel = f"{directory}/{entry.name}" if directory else entry.name
            refs.append(FileRef(path=rel, fingerprint=f"{st.st_size}-{st.st_mtime_ns}"))
        return refs

    def local_paths(self, refs: list[FileRef], revision: RevisionInfo) -> list[Path]:
        return [self.root / ref.path for ref in refs]


class HubSource:
    """A results dataset repo on the Hugging Face Hub (or any server speaking its API:
    set `HF_ENDPOINT`). Files land in the huggingface_hub cache, keyed by blob, so a new
    revision downloads only the files that changed."""

    def __init__(
        self,
        repo_id: str,
        token: str | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        endpoint: str | None = None,
    ):
        if not _REPO_ID.match(repo_id):
            raise SourceError(f"'{repo_id}' is not a Hub repo id of the form owner/name")
        from huggingface_hub import HfApi  # deferred: importing it costs ~0.3 s

        self.repo_id = repo_id
        self.label = f"hf://datasets/{repo_id}"
        self.public_name = f"the dataset {repo_id} on the Hugging Face Hub"
        self._api = HfApi(token=token, endpoint=endpoint)
        self._token = token
        self._cache_dir = cache_dir
        self._endpoint = endpoint

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # huggingface_hub raises many HTTP / OS error types
            raise SourceError(f"could not {what} of {self.label}: {exc}") from exc

    def revision(self) -> RevisionInfo:
        info = self._call("read the revision", self._api.repo_info, self.repo_id, repo_type="dataset")
        modified = getattr(info, "last_modified", None)
        return RevisionInfo(id=info.sha, time=modified if isinstance(modified, datetime) else None)

    def _download(self, path: str, revision: RevisionInfo) -> Path:
        from huggingface_hub import hf_hub_download

        return Path(
            self._call(
                f"download {path}",
                hf_hub_download,
                self.repo_id,
                path,
                repo_type="dataset",
                revision=revision.id,
                token=self._token,
                cache_dir=self._cache_dir,
                endpoint=self._endpoint,
            )
        )

    def configs(self, revision: RevisionInfo) -> dict[str, dict[str, str]]:
        readme = self._download("README.md", revision)
        return parse_configs(readme.read_text(encoding="utf-8"))

    def list_files(self, config: str, split: str, revision: RevisionInfo) -> list[FileRef]:
        from huggingface_hub.errors import EntryNotFoundError
        from huggingface_hub.hf_api import RepoFile

        pattern = self.configs(revision).get(config, {}).get(split) or _default_glob(config, split)
        directory = pattern.rpartition("/")[0]

        def listing() -> list:
            try:
                return list(
                    self._api.list_repo_tree(
                        self.repo_id,
                        path_in_repo=directory or None,
                        repo_type="dataset",
                        revision=revision.id,
                        recursive=False,
                    )
                )
            except EntryNotFoundError:
                return []  # a split nobody has submitted to yet

        entries = self._call(f"list {directory}", listing)
        refs = [
            FileRef(path=e.path, fingerprint=e.blob_id)
            for e in entries
            if isinstance(e, RepoFile) and fnmatch.fnmatch(e.path, pattern)
        ]
        return sorted(refs, key=lambda r: r.path)

    def local_paths(self, refs: list[FileRef], revision: RevisionInfo) -> list[Path]:
        if len(refs) <= 1:
            return [self._download(r.path, revision) for r in refs]
        with ThreadPoolExecutor(max_workers=8) as pool:
            return list(pool.map(lambda r: self._download(r.path, revision), refs))


def looks_like_repo_id(value: str) -> bool:
    return bool(_REPO_ID.match(value)) and not Path(value).expanduser().exists()


def open_source(location: str | os.PathLike[str], token: str | None = None) -> ResultsSource:
    """A local folder if `location` exists on disk, else a Hub repo id."""
    text = os.fspath(location)
    if Path(text).expanduser().exists():
        return LocalFolderSource(text)
    if looks_like_repo_id(text):
        return HubSource(text, token=token)
    raise SourceError(f"'{text}' is neither an existing folder nor a Hub repo id (owner/name)")
