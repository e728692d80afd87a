"""A local stand-in for the Hugging Face Hub HTTP API (dataset repos only).

It speaks just enough of the Hub protocol for the real `huggingface_hub` client
(`HfApi`, `hf_hub_download`) to work against it, so tests never touch the network.

What is modelled:
- Every commit gets a new 40-hex sha. The only branch is `main`, which points at
  the newest commit; a revision is `main` or the sha of one of the repo's commits.
- File contents live on disk under `storage_dir/blobs/`, named by their git blob
  sha1. That id is also the file's `oid` and `ETag`, which is what the client's
  download cache and its "skip unchanged files" check rely on.
- The preupload call answers "regular" for every file, so the client sends file
  contents inline (base64) in the commit call and never takes the LFS/Xet path.
  Preupload also reports the current oid of each path, as the Hub does, so the
  client itself drops files whose content did not change.
- Commits are applied one at a time under a lock: concurrent commits all land,
  each on top of the head at the moment it is applied. A commit sent with a
  `parent_commit` that is no longer the head is refused with 412, as on the Hub.
- Without a bearer token a private repo answers 401 with `X-Error-Code:
  RepoNotFound` (what the Hub does); any token is accepted. Writes need a token.

Not modelled: LFS/Xet, branches other than `main`, tags, pull requests, model
and space repos, the extra fields of `expand=True`, Range requests. Commit
history is kept in memory; only file contents are on disk.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import socketserver
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode, urlsplit

import pytest
from huggingface_hub import constants

DEFAULT_BRANCH = "main"
DEFAULT_PAGE_SIZE = 1000  # entries per page of a tree listing, as on the Hub


class HubError(Exception):
    """An error answered the way the Hub does: a status, an optional `X-Error-Code`, extra headers."""

    def __init__(
        self, status: int, message: str, error_code: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code
        self.headers = dict(headers or {})


class _Blob(NamedTuple):
    oid: str  # git blob sha1 of the content
    size: int


class _Put(NamedTuple):
    path: str
    blob: _Blob


class _Delete(NamedTuple):
    path: str
    folder: bool


_Operation = _Put | _Delete


@dataclass(frozen=True)
class _Commit:
    sha: str
    message: str
    tree: Mapping[str, _Blob]  # path -> blob; never mutated once the commit exists
    changed: tuple[str, ...]
    date: datetime


@dataclass
class _Repo:
    repo_id: str
    private: bool
    history: list[_Commit] = field(default_factory=list)  # oldest first, never empty

    @property
    def head(self) -> _Commit:
        return self.history[-1]


@dataclass
class _FailureRule:
    status: int
    remaining: int
    match: str | None


def git_blob_sha(content: bytes) -> str:
    """The id git and the Hub give a file's content (the client computes the same to spot unchanged files)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def _hub_date(moment: datetime) -> str:
    # The client parses exactly this shape: '%Y-%m-%dT%H:%M:%S.%fZ'.
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _new_commit(
    repo_id: str, parent: str, message: str, old_tree: Mapping[str, _Blob], new_tree: Mapping[str, _Blob]
) -> _Commit:
    # Hashing the parent sha makes every sha new, even for an empty or repeated change.
    listing = sorted((path, blob.oid) for path, blob in new_tree.items())
    sha = hashlib.sha1(json.dumps([repo_id, parent, message, listing]).encode()).hexdigest()
    changed = tuple(sorted(p for p in old_tree.keys() | new_tree.keys() if old_tree.get(p) != new_tree.get(p)))
    return _Commit(sha, message, new_tree, changed, datetime.now(UTC))


def _apply(tree: dict[str, _Blob], operation: _Operation) -> None:
    if isinstance(operation, _Put):
        tree[operation.path] = operation.blob
        return
    if operation.folder:
        doomed = [path for path in tree if path.startswith(operation.path + "/")]
    else:
        doomed = [operation.path] if operation.path in tree else []
    if not doomed:
        # Same wording as the Hub: the client looks for it to add a hint about folders.
        raise HubError(404, f"A file with this name doesn't exist: {operation.path}", "EntryNotFound")
    for path in doomed:
        del tree[path]


def _folder_oids(tree: Mapping[str, _Blob]) -> dict[str, str]:
    """A stable id for every folder, derived from all files below it, so it changes iff its content does."""
    hashers: dict[str, Any] = {}
    for path in sorted(tree):
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            hashers.setdefault(folder, hashlib.sha1()).update(f"{path} {tree[path].oid}\n".encode())
    return {folder: hasher.hexdigest() for folder, hasher in hashers.items()}


def _file_entry(path: str, blob: _Blob) -> dict[str, Any]:
    return {"type": "file", "oid": blob.oid, "size": blob.size, "path": path}


def _folder_entry(path: str, oid: str) -> dict[str, Any]:
    return {"type": "directory", "oid": oid, "size": 0, "path": path}


def _tree_entries(tree: Mapping[str, _Blob], folder: str, recursive: bool) -> list[dict[str, Any]] | None:
    """What the Hub lists under `folder` (files and folders, sorted by path); None if there is no such folder."""
    folder_oids = _folder_oids(tree)
    if folder and folder not in folder_oids:
        return None
    prefix = f"{folder}/" if folder else ""
    entries: dict[str, dict[str, Any]] = {}
    for path, blob in tree.items():
        if not path.startswith(prefix):
            continue
        parts = path[len(prefix) :].split("/")
        # A recursive listing shows every folder on the way down; a flat one only the first.
        shown_folders = len(parts) - 1 if recursive else min(1, len(parts) - 1)
        for depth in range(1, shown_folders + 1):
            sub = prefix + "/".join(parts[:depth])
            entries[sub] = _folder_entry(sub, folder_oids[sub])
        if recursive or len(parts) == 1:
            entries[path] = _file_entry(path, blob)
    return [entries[path] for path in sorted(entries)]


class FakeHub:
    """An in-process Hub serving dataset repos on 127.0.0.1; see the module docstring for what it models."""

    def __init__(self, storage_dir: Path, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        self.storage_dir = Path(storage_dir)
        self.page_size = page_size
        self.endpoint = ""
        # (method, unquoted path without query string) of every request received, in order.
        self.requests: list[tuple[str, str]] = []
        self._blob_dir = self.storage_dir / "blobs"
        self._blob_dir.mkdir(parents=True, exist_ok=True)
        self._repos: dict[str, _Repo] = {}
        self._failures: list[_FailureRule] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> str:
        """Serve on a free port of 127.0.0.1 from a background thread; returns the endpoint URL."""
        self._server = _Server(self)
        host, port = self._server.server_address[:2]
        self.endpoint = f"http://{host}:{port}"
        # shutdown() waits for the next poll, so a short interval keeps stop() fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, name="fake-hub", daemon=True
        )
        self._thread.start()
        return self.endpoint

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.shutdown()
        self._server.close_all()
        self._thread.join()
        self._server = self._thread = None

    # -- test-facing API ---------------------------------------------------------------------------

    def create_repo(self, repo_id: str, files: dict[str, bytes] | None = None, private: bool = False) -> str:
        """Create a dataset repo whose first commit holds `files`; returns that commit's sha."""
        if not re.fullmatch(r"[^/]+/[^/]+", repo_id):
            raise ValueError(f"repo_id must look like 'owner/name', got {repo_id!r}")
        tree = {path: self._store_blob(content) for path, content in (files or {}).items()}
        with self._lock:
            if repo_id in self._repos:
                raise HubError(409, f"You already created this dataset repo: {repo_id}")
            first = _new_commit(repo_id, "", "initial commit", {}, tree)
            self._repos[repo_id] = _Repo(repo_id, private, [first])
            return first.sha

    def commit(self, repo_id: str, files: dict[str, bytes | None], message: str = "update") -> str:
        """Commit on `main` from the server side (a `None` content deletes the file); returns the new sha."""
        operations = [
            _Delete(path, folder=False) if content is None else _Put(path, self._store_blob(content))
            for path, content in files.items()
        ]
        return self._commit(repo_id, operations, message)

    def files(self, repo_id: str, revision: str | None = None) -> dict[str, bytes]:
        """Every file of the repo at `revision` (default: head of `main`)."""
        _, commit = self._lookup(repo_id, revision or DEFAULT_BRANCH)
        return {path: self._read_blob(blob) for path, blob in commit.tree.items()}

    def commits(self, repo_id: str) -> list[dict[str, Any]]:
        """The repo's history, oldest first: sha, message and the paths each commit added, changed or deleted."""
        with self._lock:
            history = list(self._get_repo(repo_id).history)
        return [{"sha": c.sha, "message": c.message, "files": list(c.changed)} for c in history]

    def fail_next(self, status: int = 500, count: int = 1, match: str | None = None) -> None:
        """Answer the next `count` requests whose path contains `match` (any request if None) with `status`.

        Paths are matched unquoted and without query string, as logged in `requests`.
        """
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._failures.append(_FailureRule(status, count, match))

    # -- internals shared with the HTTP layer --------------------------------------------------------

    def _store_blob(self, content: bytes) -> _Blob:
        blob = _Blob(git_blob_sha(content), len(content))
        path = self._blob_dir / blob.oid
        if not path.exists():
            # Write then rename, so that a concurrent reader never sees a half-written blob.
            partial = path.with_name(f"{blob.oid}.{threading.get_ident()}.partial")
            partial.write_bytes(content)
            partial.replace(path)
        return blob

    def _read_blob(self, blob: _Blob) -> bytes:
        return (self._blob_dir / blob.oid).read_bytes()

    def _get_repo(self, repo_id: str, authorized: bool = True) -> _Repo:
        # Callers hold self._lock.
        repo = self._repos.get(repo_id)
        if repo is None:
            raise HubError(404, f"Repository not found: {repo_id}", "RepoNotFound")
        if repo.private and not authorized:
            # The Hub does not reveal private repos to anonymous callers.
            raise HubError(401, "Invalid username or password.", "RepoNotFound")
        return repo

    def _lookup(self, repo_id: str, revision: str, authorized: bool = True) -> tuple[_Repo, _Commit]:
        with self._lock:
            repo = self._get_repo(repo_id, authorized)
            if revision == DEFAULT_BRANCH:
                return repo, repo.head
            for commit in repo.history:
                if commit.sha == revision:
                    return repo, commit
        raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")

    def _commit(self, repo_id: str, operations: list[_Operation], message: str, parent: str | None = None) -> str:
        with self._lock:
            repo = self._get_repo(repo_id)
            head = repo.head
            if parent is not None and parent != head.sha:
                raise HubError(412, "A commit has happened since. Please refresh and try again.")
            tree = dict(head.tree)
            for operation in operations:
                _apply(tree, operation)
            repo.history.append(_new_commit(repo_id, head.sha, message, head.tree, tree))
            return repo.head.sha

    def _take_failure(self, path: str) -> int | None:
        with self._lock:
            for rule in self._failures:
                if rule.match is None or rule.match in path:
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        self._failures.remove(rule)
                    return rule.status
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, hub: FakeHub) -> None:
        self.hub = hub
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (a DNS lookup); the plain TCP bind is enough here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def close_all(self) -> None:
        """Close the listening socket and the kept-alive connections, which would otherwise idle forever."""
        self.server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the client


_REPO = r"(?P<repo>[^/]+/[^/]+)"
_ROUTES: list[tuple[tuple[str, ...], re.Pattern[str], str]] = [
    (("POST",), re.compile(r"/api/repos/create"), "_create_repo"),
    (("POST",), re.compile(r"/api/validate-yaml"), "_validate_yaml"),
    (("GET",), re.compile(rf"/api/datasets/{_REPO}(?:/revision/(?P<rev>[^/]+))?"), "_repo_info"),
    (("GET",), re.compile(rf"/api/datasets/{_REPO}/tree/(?P<rev>[^/]+)(?:/(?P<path>.*))?"), "_tree"),
    (("POST",), re.compile(rf"/api/datasets/{_REPO}/paths-info/(?P<rev>[^/]+)"), "_paths_info"),
    (("POST",), re.compile(rf"/api/datasets/{_REPO}/preupload/(?P<rev>[^/]+)"), "_preupload"),
    (("POST",), re.compile(rf"/api/datasets/{_REPO}/commit/(?P<rev>[^/]+)"), "_commit"),
    (("GET", "HEAD"), re.compile(rf"/datasets/{_REPO}/resolve/(?P<rev>[^/]+)/(?P<path>.+)"), "_resolve_file"),
]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the client's connection pool expects
    disable_nagle_algorithm = True  # headers and body go out in two writes; Nagle would stall each reply ~40 ms
    server: _Server

    # Set per request by _dispatch.
    _raw_path: str
    _query: dict[str, str]
    _body: bytes

    def do_GET(self) -> None:
        self._dispatch()

    do_HEAD = do_POST = do_GET

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        self.server.untrack(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # FakeHub.requests is the log; stderr noise would only clutter test output

    @property
    def hub(self) -> FakeHub:
        return self.server.hub

    @property
    def _authorized(self) -> bool:
        # Any bearer token is good enough: the fake checks presence, not identity.
        return self.headers.get("Authorization", "").startswith("Bearer ")

    # -- plumbing --------------------------------------------------------------------------------

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        # Always consume the body, or its bytes would be read as the next request on this connection.
        self._body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._raw_path = url.path
        self._query = dict(parse_qsl(url.query))
        path = unquote(url.path)
        self.hub.requests.append((self.command, path))
        try:
            injected = self.hub._take_failure(path)
            if injected is not None:
                raise HubError(injected, "Injected failure (FakeHub.fail_next)")
            self._route()
        except HubError as error:
            self._send_error(error)
        except (KeyError, ValueError) as error:  # malformed JSON, NDJSON or parameters
            self._send_error(HubError(400, f"Bad request: {error!r}"))

    def _route(self) -> None:
        for methods, pattern, name in _ROUTES:
            match = pattern.fullmatch(self._raw_path)
            if match and self.command in methods:
                groups = {key: unquote(value) for key, value in match.groupdict().items() if value is not None}
                getattr(self, name)(**groups)
                return
        raise HubError(404, f"FakeHub does not serve {self.command} {self._raw_path}")

    def _send(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json", headers or {})

    def _send_error(self, error: HubError) -> None:
        # The message goes in the JSON body only: headers must be latin-1, paths may not be.
        headers = {**error.headers, **({"X-Error-Code": error.error_code} if error.error_code else {})}
        self._send_json({"error": error.message}, error.status, headers)

    def _require_token(self) -> None:
        if not self._authorized:
            raise HubError(401, "Invalid username or password.")

    def _json_body(self) -> Any:
        return json.loads(self._body or b"{}")

    def _repo_url(self, repo_id: str) -> str:
        return f"{self.hub.endpoint}/datasets/{repo_id}"

    # -- routes ----------------------------------------------------------------------------------

    def _create_repo(self) -> None:
        self._require_token()
        payload = self._json_body()
        if payload.get("type") != "dataset":
            raise HubError(400, "FakeHub only hosts dataset repos")
        if not payload.get("organization"):
            raise HubError(400, "FakeHub needs a namespaced repo_id ('owner/name')")
        repo_id = f"{payload['organization']}/{payload['name']}"
        try:
            self.hub.create_repo(repo_id, private=payload.get("visibility") == "private")
        except HubError as error:
            # The Hub's 409 body carries the repo url, which `exist_ok=True` callers read.
            self._send_json({"error": error.message, "url": self._repo_url(repo_id)}, error.status)
            return
        self._send_json({"url": self._repo_url(repo_id), "name": repo_id})

    def _validate_yaml(self) -> None:
        # The client validates README.md metadata before committing it; the fake accepts any.
        self._send_json({"errors": [], "warnings": []})

    def _repo_info(self, repo: str, rev: str = DEFAULT_BRANCH) -> None:
        hub_repo, commit = self.hub._lookup(repo, rev, self._authorized)
        with_blobs = self._query.get("blobs") == "true"
        siblings = [
            {"rfilename": path, **({"size": blob.size, "blobId": blob.oid} if with_blobs else {})}
            for path, blob in sorted(commit.tree.items())
        ]
        self._send_json(
            {
                "id": repo,
                "author": repo.split("/")[0],
                "sha": commit.sha,
                "lastModified": _hub_date(commit.date),
                "createdAt": _hub_date(hub_repo.history[0].date),
                "private": hub_repo.private,
                "gated": False,
                "disabled": False,
                "downloads": 0,
                "likes": 0,
                "tags": [],
                "siblings": siblings,
            }
        )

    def _tree(self, repo: str, rev: str, path: str = "") -> None:
        _, commit = self.hub._lookup(repo, rev, self._authorized)
        folder = path.strip("/")
        entries = _tree_entries(commit.tree, folder, recursive=self._query.get("recursive") == "true")
        if entries is None:
            raise HubError(404, f"{folder} does not exist at {commit.sha}", "EntryNotFound")
        # The cursor is an offset into the sorted listing; the Hub's is opaque, so clients only follow Link.
        start = int(self._query.get("cursor", "0"))
        end = start + self.hub.page_size
        headers = {}
        if end < len(entries):
            next_query = urlencode({**self._query, "cursor": str(end)})
            headers["Link"] = f'<{self.hub.endpoint}{self._raw_path}?{next_query}>; rel="next"'
        self._send_json(entries[start:end], headers=headers)

    def _paths_info(self, repo: str, rev: str) -> None:
        _, commit = self.hub._lookup(repo, rev, self._authorized)
        folder_oids = _folder_oids(commit.tree)
        entries = []
        for path in (p.strip("/") for p in parse_qs(self._body.decode()).get("paths", [])):
            if path in commit.tree:
                entries.append(_file_entry(path, commit.tree[path]))
            elif path in folder_oids:
                entries.append(_folder_entry(path, folder_oids[path]))
            # Unknown paths are left out, as on the Hub.
        self._send_json(entries)

    def _preupload(self, repo: str, rev: str) -> None:
        self._require_token()
        _, commit = self.hub._lookup(repo, rev)
        answers = []
        for file in self._json_body()["files"]:
            answer = {"path": file["path"], "uploadMode": "regular", "shouldIgnore": False}
            if file["path"] in commit.tree:
                answer["oid"] = commit.tree[file["path"]].oid
            answers.append(answer)
        self._send_json({"files": answers, "commitOid": commit.sha})

    def _commit(self, repo: str, rev: str) -> None:
        self._require_token()
        self.hub._lookup(repo, rev)  # RepoNotFound / RevisionNotFound, as the Hub orders them
        if rev != DEFAULT_BRANCH:
            raise HubError(400, f"FakeHub can only commit to '{DEFAULT_BRANCH}', not {rev!r}")
        if self._query.get("create_pr"):
            raise HubError(400, "FakeHub does not support pull requests")
        lines = [json.loads(line) for line in self._body.splitlines() if line.strip()]
        if not lines or lines[0]["key"] != "header":
            raise HubError(400, "The commit payload must start with a header line")
        header = lines[0]["value"]
        operations = [self._operation(line["key"], line["value"]) for line in lines[1:]]
        sha = self.hub._commit(repo, operations, header["summary"], header.get("parentCommit"))
        self._send_json({"success": True, "commitOid": sha, "commitUrl": f"{self._repo_url(repo)}/commit/{sha}"})

    def _operation(self, key: str, value: dict[str, Any]) -> _Operation:
        if key == "file":
            return _Put(value["path"], self.hub._store_blob(base64.b64decode(value["content"])))
        if key in ("deletedFile", "deletedFolder"):
            return _Delete(value["path"].rstrip("/"), folder=key == "deletedFolder")
        # lfsFile never comes: preupload only ever answers "regular".
        raise HubError(400, f"FakeHub does not support {key!r} commit operations")

    def _resolve_file(self, repo: str, rev: str, path: str) -> None:
        _, commit = self.hub._lookup(repo, rev, self._authorized)
        blob = commit.tree.get(path)
        if blob is None:
            # The commit header lets the client remember that the file is absent at this commit.
            message = f"{path} does not exist at {commit.sha}"
            raise HubError(404, message, "EntryNotFound", {"X-Repo-Commit": commit.sha})
        # A regular (non-LFS) file is served in place: ETag is its git oid, X-Repo-Commit the resolved sha.
        headers = {"ETag": f'"{blob.oid}"', "X-Repo-Commit": commit.sha}
        self._send(200, self.hub._read_blob(blob), "application/octet-stream", headers)


@pytest.fixture
def fake_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A started FakeHub, with the huggingface_hub client isolated from the developer's setup."""
    _isolate_hf_client(tmp_path, monkeypatch)
    hub = FakeHub(tmp_path / "fake_hub")
    hub.start()
    try:
        yield hub
    finally:
        hub.stop()


def _isolate_hf_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    # huggingface_hub reads these settings once at import, so the env alone is not enough.
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", True)
    # Never send a developer's stored token, nor write to their real cache.
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "hf_home" / "token"))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf_home" / "hub"))
