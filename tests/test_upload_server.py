"""The served site under hostile or unlucky use: the streaming upload endpoint, login throttling,
cookie flags, cross-site websockets, and a prompt, clean stop on SIGTERM."""

from __future__ import annotations

import signal
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from tests.support.aio import run as run_async
from tests.support.server import Server

pytestmark = pytest.mark.server
PASSWORD = "open-sesame"


class Sized:
    """A streamed body that announces its length (requests sends generators chunked otherwise)."""

    def __init__(self, chunks, length: int):
        self.chunks, self.len = chunks, length

    def __iter__(self):
        return iter(self.chunks)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def upload_folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"abl-uploads-{pid}"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    datasets = tmp_path_factory.mktemp("datasets")
    server = Server(
        env={"ABL_SUBMISSION_PREFIX": str(datasets), "ABL_BASIC_AUTH_PASSWORD": PASSWORD, "ABL_MAX_UPLOAD_MB": "1"},
        args=["--auth", "basic"],
    )
    yield server
    server.stop()


def logged_in(server: Server, user: str) -> requests.Session:
    session = requests.Session()
    session.post(
        server.url + "/login", data={"username": user, "password": PASSWORD}, allow_redirects=False, timeout=30
    )
    assert session.cookies.get("user"), "login failed"
    return session


def put(
    session: requests.Session,
    server: Server,
    data,
    origin: str | None = None,
    header: bool = True,
    name: str = "run.tar.gz",
) -> requests.Response:
    headers = {"Origin": origin or server.url}
    if header:
        headers["X-ABL-Upload"] = "1"
    return session.put(f"{server.url}/upload", params={"name": name}, data=data, headers=headers, timeout=60)


def stored_archives(server: Server) -> list[Path]:
    return [p for folder in upload_folders(server.proc.pid) for p in folder.rglob("archive.tar.gz")]


def test_only_logged_in_users_of_this_site_may_upload(site):
    anonymous = put(requests.Session(), site, b"x" * 10)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "Log in to upload an archive."
    alice = logged_in(site, "alice")
    assert put(alice, site, b"x" * 10, origin="https://evil.example").status_code == 403
    assert put(alice, site, b"x" * 10, header=False).status_code == 403  # a plain cross-site form post
    accepted = put(alice, site, b"x" * 10)
    assert accepted.status_code == 200 and accepted.json()["size"] == 10 and accepted.json()["name"] == "run.tar.gz"


def test_the_size_limit_is_enforced_by_the_server(site):
    alice = logged_in(site, "alice-big")
    before = stored_archives(site)
    refused = put(alice, site, b"x" * (30 * 1024**2))  # 30 MB against a 1 MB limit
    assert refused.status_code == 413 and "the limit is 1.0 MB" in refused.json()["error"]
    assert stored_archives(site) == before
    # A body without an announced size (chunked) could grow without bound: it is refused unread.
    chunked = put(alice, site, (b"x" * 1024 for _ in range(4096)))
    assert chunked.status_code == 411 and stored_archives(site) == before


def test_a_500_mb_upload_is_streamed_to_disk_not_held_in_memory(tmp_path):
    server = Server(
        env={"ABL_SUBMISSION_PREFIX": str(tmp_path), "ABL_BASIC_AUTH_PASSWORD": PASSWORD}, args=["--auth", "basic"]
    )
    try:
        alice = logged_in(server, "alice")
        idle = rss_mib(server.proc.pid)
        size, chunk = 500 * 1024**2, b"\0" * (1024**2)
        peak = idle

        def body():
            nonlocal peak
            for i in range(size // len(chunk)):
                if i % 32 == 0:
                    peak = max(peak, rss_mib(server.proc.pid))
                yield chunk

        answer = put(alice, server, Sized(body(), size), name="big.tar.gz")
        peak = max(peak, rss_mib(server.proc.pid))
        assert answer.status_code == 200 and answer.json()["size"] == size
        assert peak - idle < 100, f"server memory grew by {peak - idle:.0f} MiB during a 500 MiB upload"
    finally:
        server.stop()


def test_one_upload_per_user_at_a_time(site):
    alice = logged_in(site, "alice-twice")

    def slow():
        yield b"x" * 100
        time.sleep(2)
        yield b"x" * 100

    first: dict = {}
    thread = threading.Thread(target=lambda: first.setdefault("r", put(alice, site, Sized(slow(), 200))))
    thread.start()
    time.sleep(0.8)
    second = put(logged_in(site, "alice-twice"), site, b"y" * 10)
    thread.join()
    assert second.status_code == 409 and "still in progress" in second.json()["error"]
    assert first["r"].status_code == 200


def test_basic_auth_logins_are_throttled(site):
    statuses = []
    for _ in range(30):
        statuses.append(
            requests.post(
                site.url + "/login",
                data={"username": "mallory", "password": "guess"},
                allow_redirects=False,
                timeout=30,
            ).status_code
        )
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}
    # While throttled, even the right password is not checked from that address.
    right = requests.post(
        site.url + "/login", data={"username": "mallory", "password": PASSWORD}, allow_redirects=False, timeout=30
    )
    assert right.status_code == 429 and "Retry-After" in right.headers


def test_login_cookies_are_same_site_and_secure_over_https(tmp_path):
    server = Server(
        env={"ABL_SUBMISSION_PREFIX": str(tmp_path), "ABL_BASIC_AUTH_PASSWORD": PASSWORD}, args=["--auth", "basic"]
    )
    try:
        plain = requests.post(
            server.url + "/login", data={"username": "a", "password": PASSWORD}, allow_redirects=False, timeout=30
        )
        cookies = plain.raw.headers.getlist("Set-Cookie")
        user = next(c for c in cookies if c.startswith("user="))
        assert "SameSite=Lax" in user and "HttpOnly" in user and "Secure" not in user
        proxied = requests.post(
            server.url + "/login",
            data={"username": "a", "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},
            allow_redirects=False,
            timeout=30,
        )
        user = next(c for c in proxied.raw.headers.getlist("Set-Cookie") if c.startswith("user="))
        assert "SameSite=Lax" in user and "Secure" in user
    finally:
        server.stop()


def test_cross_site_websockets_are_refused(site):
    async def connect(origin: str) -> int:
        request = HTTPRequest(site.url.replace("http", "ws") + "/ws", headers={"Origin": origin})
        try:
            connection = await websocket_connect(request)
        except HTTPClientError as exc:
            return exc.code
        connection.close()
        return 101

    assert run_async(connect("https://evil.example")) == 403
    assert run_async(connect(site.url)) != 403  # this site's own pages pass the origin check


def test_sigterm_stops_promptly_and_removes_uploads(tmp_path):
    server = Server(
        env={"ABL_SUBMISSION_PREFIX": str(tmp_path), "ABL_BASIC_AUTH_PASSWORD": PASSWORD}, args=["--auth", "basic"]
    )
    pid = server.proc.pid
    assert put(logged_in(server, "alice"), server, b"x" * 1000).status_code == 200
    requests.get(server.url + "/", timeout=30)  # an open session, too
    assert len(stored_archives(server)) == 1
    started = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(timeout=10)
    server.log.close()
    assert time.monotonic() - started < 5
    assert upload_folders(pid) == []
