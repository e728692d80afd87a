"""`/api/...`: the read-only JSON API (`abl.api`), served next to the pages by the same server.

Public and read-only: every answer may be read from any site (`Access-Control-Allow-Origin: *`,
no cookies used), a preflight allows GET, and other methods get a 405 in the API's JSON. The
work runs in a thread: a view table not built yet must not hold up the pages' event loop.
`abl.api` gzips each body once per revision and says so in Content-Encoding, which makes the
server's own gzip (`compress_response`, applied to these answers too) leave it as it is.
"""

from __future__ import annotations

import asyncio
from typing import Any

import tornado.web
from tornado.web import GZipContentEncoding

from abl import api
from abl.live import LiveResults

PATTERN = r"/api(?:/.*)?"  # everything under /api, so unknown API paths get a JSON 404 too
ALLOWED = "GET, HEAD, OPTIONS"
MESSAGES = {405: f"the API answers {ALLOWED} only", 500: "internal error"}


class ApiHandler(tornado.web.RequestHandler):
    def initialize(self, live: LiveResults) -> None:
        self.live = live
        # The server's gzip adds "Vary: Accept-Encoding" to every answer: saying it twice would be noise.
        self.server_varies = any(issubclass(t, GZipContentEncoding) for t in self.application.transforms)

    def set_default_headers(self) -> None:
        self.set_header("Access-Control-Allow-Origin", "*")
        self.set_header("Access-Control-Expose-Headers", "ETag")
        self.set_header("X-Content-Type-Options", "nosniff")  # a body quoting a parameter stays JSON

    def check_xsrf_cookie(self) -> None:
        """Nothing here changes state: a POST gets the API's 405, not an XSRF refusal."""

    async def get(self) -> None:
        headers = self.request.headers
        answer = await asyncio.to_thread(
            api.handle,
            self.live,
            self.request.path,
            self.request.query,
            headers.get("If-None-Match"),
            headers.get("Accept-Encoding"),
        )
        self._send(answer)

    async def head(self) -> None:
        await self.get()  # Tornado sends the headers (and Content-Length) of a HEAD answer, not its body

    def options(self) -> None:
        """The CORS preflight: GET (with If-None-Match) from any origin."""
        self.set_status(204)
        self.set_header("Access-Control-Allow-Methods", "GET")
        self.set_header("Access-Control-Allow-Headers", "If-None-Match")
        self.set_header("Access-Control-Max-Age", "86400")
        self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Tornado's own refusals (another method, an unexpected error) in the API's JSON, without a trace."""
        if status_code == 405:
            self.set_header("Allow", ALLOWED)
        self._send(api.error_response(status_code, MESSAGES.get(status_code, self._reason)))

    def _send(self, answer: api.ApiResponse) -> None:
        self.set_status(answer.status)
        for name, value in answer.headers.items():
            if not (name == "Vary" and self.server_varies):
                self.set_header(name, value)
        self.finish(answer.body or None)  # a 304 must not even get an empty body


def api_patterns(live: LiveResults) -> list[tuple]:
    """`extra_patterns` entry for `pn.serve`."""
    return [(PATTERN, ApiHandler, {"live": live})]
