"""The real huggingface_hub client works against FakeHub for every call the project relies on."""

import socket
import threading
from pathlib import Path

import pytest
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, RepoFile, RepoFolder, hf_hub_download
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

from tests.support.fake_hub import FakeHub

REPO = "allenai/results"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection that is not to this machine."""
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1"):
            raise AssertionError(f"test tried to reach the network: {address}")
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


def client(hub: FakeHub, token: str | bool = "x") -> HfApi:
    return HfApi(endpoint=hub.endpoint, token=token)


def download(hub: FakeHub, cache: Path, filename: str, revision: str = "main", token: str | bool = "x") -> bytes:
    path = hf_hub_download(
        REPO, filename, repo_type="dataset", revision=revision, endpoint=hub.endpoint, cache_dir=cache, token=token
    )
    return Path(path).read_bytes()


def tree(
    hub: FakeHub, revision: str, path: str | None = None, recursive: bool = False
) -> dict[str, RepoFile | RepoFolder]:
    entries = client(hub).list_repo_tree(
        REPO, path_in_repo=path, repo_type="dataset", revision=revision, recursive=recursive
    )
    return {entry.path: entry for entry in entries}


def test_create_repo_then_repo_info_and_dataset_info(fake_hub: FakeHub) -> None:
    api = client(fake_hub)
    url = api.create_repo(REPO, repo_type="dataset", private=True, exist_ok=True)
    assert url.repo_id == REPO and url.repo_type == "dataset"
    assert api.create_repo(REPO, repo_type="dataset", private=True, exist_ok=True) == url
    with pytest.raises(HfHubHTTPError) as conflict:
        api.create_repo(REPO, repo_type="dataset")
    assert conflict.value.response.status_code == 409

    fake_hub.commit(REPO, {"1.0.0/test/a.json": b"{}"})
    info = api.repo_info(REPO, repo_type="dataset")
    assert info.sha == fake_hub.commits(REPO)[-1]["sha"]
    assert info.private is True and info.last_modified is not None
    assert [s.rfilename for s in info.siblings] == ["1.0.0/test/a.json"]
    sibling = api.dataset_info(REPO, files_metadata=True).siblings[0]
    listed = tree(fake_hub, "main", "1.0.0/test")["1.0.0/test/a.json"]
    assert (sibling.size, sibling.blob_id) == (2, listed.blob_id)
    first = fake_hub.commits(REPO)[0]["sha"]
    assert api.dataset_info(REPO, revision=first).sha == first


def test_create_commit_adds_and_deletes_files(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.create_repo(REPO, {"old.json": b"old", "keep.json": b"keep"})
    local = tmp_path / "from_disk.json"
    local.write_bytes(b"disk")
    info = client(fake_hub).create_commit(
        REPO,
        [
            CommitOperationAdd(path_in_repo="1.0.0/test/new.json", path_or_fileobj=b"new"),
            CommitOperationAdd(path_in_repo="1.0.0/test/from_disk.json", path_or_fileobj=local),
            CommitOperationDelete(path_in_repo="old.json"),
        ],
        commit_message="add two, drop one",
        repo_type="dataset",
    )
    last = fake_hub.commits(REPO)[-1]
    assert info.oid == last["sha"] and info.repo_url.repo_id == REPO
    assert last["message"] == "add two, drop one"
    assert last["files"] == ["1.0.0/test/from_disk.json", "1.0.0/test/new.json", "old.json"]
    assert fake_hub.files(REPO) == {
        "keep.json": b"keep",
        "1.0.0/test/new.json": b"new",
        "1.0.0/test/from_disk.json": b"disk",
    }


def test_unchanged_upload_makes_no_commit(fake_hub: FakeHub) -> None:
    head = fake_hub.create_repo(REPO, {"a.json": b"same"})
    info = client(fake_hub).create_commit(
        REPO, [CommitOperationAdd("a.json", b"same")], commit_message="noop", repo_type="dataset"
    )
    assert info.oid == head and len(fake_hub.commits(REPO)) == 1


def test_upload_file_and_upload_folder(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.create_repo(REPO)
    api = client(fake_hub)
    one = api.upload_file(path_or_fileobj=b"1", path_in_repo="one.json", repo_id=REPO, repo_type="dataset")
    assert one.oid == fake_hub.commits(REPO)[-1]["sha"]

    folder = tmp_path / "submission"
    (folder / "1.0.0" / "test").mkdir(parents=True)
    (folder / "1.0.0" / "test" / "agent.json").write_bytes(b"{}")
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n")  # goes through validate-yaml
    many = api.upload_folder(folder_path=folder, repo_id=REPO, repo_type="dataset", commit_message="folder")
    assert many.oid == fake_hub.commits(REPO)[-1]["sha"] != one.oid
    assert set(fake_hub.files(REPO)) == {"one.json", "1.0.0/test/agent.json", "README.md"}


@pytest.mark.slow
def test_list_repo_tree_paginates_over_thousands_of_files(fake_hub: FakeHub) -> None:
    files = {f"1.0.0/test/{i:04}.json": b"%d" % i for i in range(2500)}
    files["1.0.0/test/logs/run.txt"] = b"log"
    files["1.0.0/validation/v.json"] = b"v"
    sha = fake_hub.create_repo(REPO, files)
    fake_hub.requests.clear()

    flat = tree(fake_hub, "main", "1.0.0/test")
    assert len(flat) == 2501 and isinstance(flat["1.0.0/test/logs"], RepoFolder)
    assert flat["1.0.0/test/0042.json"].size == 2
    pages = [r for r in fake_hub.requests if r == ("GET", f"/api/datasets/{REPO}/tree/main/1.0.0/test")]
    assert len(pages) == 3  # 1000 + 1000 + 501 entries, followed through the Link header

    deep = tree(fake_hub, sha, "1.0.0", recursive=True)
    assert {p for p, e in deep.items() if isinstance(e, RepoFolder)} == {
        "1.0.0/test",
        "1.0.0/test/logs",
        "1.0.0/validation",
    }
    assert len(client(fake_hub).list_repo_files(REPO, repo_type="dataset")) == 2502


def test_new_commit_changes_sha_and_only_the_changed_blob_ids(fake_hub: FakeHub) -> None:
    before = fake_hub.create_repo(REPO, {"1.0.0/test/a.json": b"a", "1.0.0/test/b.json": b"b"})
    after = fake_hub.commit(REPO, {"1.0.0/test/b.json": b"b2", "1.0.0/test/c.json": b"c"})
    assert before != after and len(after) == 40
    assert client(fake_hub).repo_info(REPO, repo_type="dataset").sha == after

    old, new = tree(fake_hub, before, "1.0.0/test"), tree(fake_hub, "main", "1.0.0/test")
    assert old["1.0.0/test/a.json"].blob_id == new["1.0.0/test/a.json"].blob_id
    assert old["1.0.0/test/b.json"].blob_id != new["1.0.0/test/b.json"].blob_id
    assert "1.0.0/test/c.json" not in old
    assert fake_hub.files(REPO, before) == {"1.0.0/test/a.json": b"a", "1.0.0/test/b.json": b"b"}


def test_download_is_served_from_cache_the_second_time(fake_hub: FakeHub, tmp_path: Path) -> None:
    sha = fake_hub.create_repo(REPO, {"1.0.0/test/a.json": b"first"})
    cache = tmp_path / "cache"
    assert download(fake_hub, cache, "1.0.0/test/a.json", revision=sha) == b"first"

    fake_hub.requests.clear()
    assert download(fake_hub, cache, "1.0.0/test/a.json", revision=sha) == b"first"
    assert fake_hub.requests == []  # a commit sha is immutable: no request at all

    assert download(fake_hub, cache, "1.0.0/test/a.json") == b"first"
    assert [method for method, _ in fake_hub.requests] == ["HEAD"]  # `main` is checked, the blob is reused

    fake_hub.commit(REPO, {"1.0.0/test/a.json": b"second"})
    assert download(fake_hub, cache, "1.0.0/test/a.json") == b"second"
    assert download(fake_hub, cache, "1.0.0/test/a.json", revision=sha) == b"first"


def test_concurrent_commits_from_many_threads_all_land(fake_hub: FakeHub) -> None:
    fake_hub.create_repo(REPO)
    api = client(fake_hub)
    oids: list[str] = []

    def submit(i: int) -> None:
        operation = CommitOperationAdd(path_in_repo=f"1.0.0/test/agent{i}.json", path_or_fileobj=b"%d" % i)
        oids.append(api.create_commit(REPO, [operation], commit_message=f"agent {i}", repo_type="dataset").oid)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    history = fake_hub.commits(REPO)
    assert len(history) == 21 and len({c["sha"] for c in history}) == 21
    assert sorted(oids) == sorted(c["sha"] for c in history[1:])
    assert len(fake_hub.files(REPO)) == 20


def test_stale_parent_commit_is_refused_with_412(fake_hub: FakeHub) -> None:
    first = fake_hub.create_repo(REPO)
    fake_hub.commit(REPO, {"other.json": b"another writer"})
    api = client(fake_hub)
    with pytest.raises(HfHubHTTPError) as stale:
        api.create_commit(
            REPO, [CommitOperationAdd("a.json", b"a")], commit_message="m", repo_type="dataset", parent_commit=first
        )
    assert stale.value.response.status_code == 412
    head = fake_hub.commits(REPO)[-1]["sha"]
    info = api.create_commit(
        REPO, [CommitOperationAdd("a.json", b"a")], commit_message="m", repo_type="dataset", parent_commit=head
    )
    assert info.oid == fake_hub.commits(REPO)[-1]["sha"]


def test_private_repo_needs_a_token(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.create_repo(REPO, {"a.json": b"secret"}, private=True)
    anonymous = client(fake_hub, token=False)
    with pytest.raises(RepositoryNotFoundError) as hidden:
        anonymous.repo_info(REPO, repo_type="dataset")
    assert hidden.value.response.status_code == 401
    with pytest.raises(RepositoryNotFoundError):
        list(anonymous.list_repo_tree(REPO, repo_type="dataset"))
    with pytest.raises(RepositoryNotFoundError):
        download(fake_hub, tmp_path, "a.json", token=False)
    with pytest.raises(HfHubHTTPError):
        anonymous.upload_file(path_or_fileobj=b"x", path_in_repo="x", repo_id=REPO, repo_type="dataset")
    assert download(fake_hub, tmp_path, "a.json") == b"secret"


def test_missing_repo_revision_and_file_raise_the_client_errors(fake_hub: FakeHub, tmp_path: Path) -> None:
    api = client(fake_hub)
    with pytest.raises(RepositoryNotFoundError):
        api.repo_info("allenai/nope", repo_type="dataset")
    with pytest.raises(RepositoryNotFoundError):
        list(api.list_repo_tree("allenai/nope", repo_type="dataset"))
    with pytest.raises(RepositoryNotFoundError):
        api.create_commit("allenai/nope", [CommitOperationAdd("a", b"a")], commit_message="m", repo_type="dataset")

    fake_hub.create_repo(REPO, {"a.json": b"a"})
    with pytest.raises(EntryNotFoundError):
        download(fake_hub, tmp_path, "missing.json")
    with pytest.raises(EntryNotFoundError):
        list(api.list_repo_tree(REPO, path_in_repo="1.0.0/missing", repo_type="dataset"))
    with pytest.raises(EntryNotFoundError):
        api.create_commit(REPO, [CommitOperationDelete("missing.json")], commit_message="m", repo_type="dataset")
    with pytest.raises(RevisionNotFoundError):
        api.repo_info(REPO, repo_type="dataset", revision="0" * 40)


def test_file_exists_and_get_paths_info(fake_hub: FakeHub) -> None:
    fake_hub.create_repo(REPO, {"1.0.0/test/a.json": b"a", "README.md": b"# r"})
    api = client(fake_hub)
    assert api.file_exists(REPO, "1.0.0/test/a.json", repo_type="dataset")
    assert not api.file_exists(REPO, "1.0.0/test/b.json", repo_type="dataset")
    assert not api.file_exists("allenai/nope", "a.json", repo_type="dataset")
    info = api.get_paths_info(REPO, ["README.md", "1.0.0", "gone.json"], repo_type="dataset")
    assert [(type(e), e.path) for e in info] == [(RepoFile, "README.md"), (RepoFolder, "1.0.0")]


def test_fail_next_makes_the_client_raise(fake_hub: FakeHub) -> None:
    fake_hub.create_repo(REPO)
    api = client(fake_hub)

    def commit() -> None:
        # A fresh operation each time: the client refuses to commit one twice.
        api.create_commit(REPO, [CommitOperationAdd("a.json", b"a")], commit_message="m", repo_type="dataset")

    fake_hub.fail_next(status=500, count=1, match="/commit/")
    with pytest.raises(HfHubHTTPError) as failed:
        commit()
    assert failed.value.response.status_code == 500
    assert len(fake_hub.commits(REPO)) == 1  # nothing landed
    commit()  # only the next commit call failed
    assert len(fake_hub.commits(REPO)) == 2

    fake_hub.fail_next(status=403, count=2)
    for _ in range(2):
        with pytest.raises(HfHubHTTPError):
            api.repo_info(REPO, repo_type="dataset")
    assert api.repo_info(REPO, repo_type="dataset").sha == fake_hub.commits(REPO)[-1]["sha"]
