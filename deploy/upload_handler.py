"""`PUT /upload`: the streaming endpoint the submission form sends its archive to.

Bokeh's websocket would hold a whole upload in memory; this Tornado handler, served next to the
pages by the same server, writes each chunk to the upload area as it arrives
(`abl.intake.uploads`). It serves only logged-in users (Panel's signed `user` cookie), only
pages of this site (the Origin must be an allowed origin, and a custom header makes any
cross-site request need a CORS preflight that is never granted), and answers in JSON:
`{"token", "name", "size"}` on success, `{"error"}` with a 4xx/5xx status otherwise.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import panel as pn
import tornado.web

from abl.intake.uploads import Upload, UploadArea, UploadRefused

PATH = "/upload"
HEADER = "X-ABL-Upload"


@tornado.web.stream_request_body
class UploadHandler(tornado.web.RequestHandler):
    def initialize(self, area: UploadArea, allowed_origins: list[str]) -> None:
        self.area = area
        self.allowed_origins = allowed_origins
        self.upload: Upload | None = None
        self.refusal: UploadRefused | None = None

    def prepare(self) -> None:
        try:
            self.upload = self._begin()
            # Tornado's own cap, so that no body larger than announced is ever read.
            self.request.connection.set_max_body_size(self.upload.expected)
        except UploadRefused as exc:
            # Answer at once: the body is never read, so the connection cannot be reused.
            self.refusal = exc
            self.set_header("Connection", "close")
            self._refuse()

    def _begin(self) -> Upload:
        if self.request.method != "PUT":
            raise UploadRefused(405, "Send the archive with PUT.")
        user = self._user()
        if user is None:
            raise UploadRefused(401, "Log in to upload an archive.")
        if self.request.headers.get(HEADER) != "1" or not self._same_site():
            raise UploadRefused(403, "Uploads are accepted only from this site's submission form.")
        length = self.request.headers.get("Content-Length", "")
        if not length.isdigit():
            raise UploadRefused(411, "The upload must announce its size (Content-Length).")
        return self.area.begin(user, self.get_query_argument("name", ""), int(length))

    def _user(self) -> str | None:
        if not self.application.settings.get("cookie_secret"):
            return None  # no login configured: nobody may upload
        user = self.get_secure_cookie("user", max_age_days=pn.config.oauth_expiry)
        return user.decode("utf-8", "replace") if user else None

    def _same_site(self) -> bool:
        origin = self.request.headers.get("Origin")
        if not origin:
            return False
        host = urlsplit(origin).netloc.lower()
        return host in {o.lower() for o in self.allowed_origins} or host == self.request.host.lower()

    def data_received(self, chunk: bytes) -> None:
        if self.upload is None or self.refusal is not None:
            return  # a write failed: the rest is drained and dropped, and `put` says why
        try:
            self.upload.write(chunk)
        except UploadRefused as exc:
            self.refusal = exc
            self.upload.abort()
            self.upload = None

    def put(self) -> None:
        if self.refusal is None and self.upload is not None:
            try:
                stored = self.upload.finish()
            except UploadRefused as exc:
                self.upload.abort()
                self.refusal = exc
            else:
                self.upload = None
                self._answer(200, {"token": stored.token, "name": stored.name, "size": stored.size})
                return
        self._refuse()

    def post(self) -> None:
        self._refuse()

    def _refuse(self) -> None:
        refusal = self.refusal or UploadRefused(400, "The upload failed.")
        self._answer(refusal.status, {"error": str(refusal)})

    def _answer(self, status: int, body: dict) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))

    def on_connection_close(self) -> None:
        if self.upload is not None:  # the client went away mid-upload: keep nothing
            self.upload.abort()
            self.upload = None


def upload_patterns(area: UploadArea, allowed_origins: list[str]) -> list[tuple]:
    """`extra_patterns` entry for `pn.serve`."""
    return [(PATH, UploadHandler, {"area": area, "allowed_origins": allowed_origins})]
