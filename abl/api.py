"""The read-only JSON API: from a request's path and query to a response's status, headers and body.

    GET /api/v1/views?split=test                               the views of a split
    GET /api/v1/leaderboard?split=test&view=overall&mode=leaderboard[&prices=gpt-5=0.5][&asof=2026-06-01]
                                                               one view's ranked rows, as `abl summary --format json`
                                                               (prices and asof as in the site's links)
    GET /api/v1/agents/<id>?split=test                         one row in every view of its split, in both modes

No web framework here (`deploy/api_handler.py` serves it), so all of it is testable without a
server. Every number comes from `abl.summary.to_records` of the cached view tables; nothing is
computed again. Bodies are encoded (and gzipped) once per data revision and parameters, and carry
a strong ETag derived from the revision, the normalised parameters and `API_VERSION`, so a client
that already holds the current answer gets a 304 without any work.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote

from .explore import Filters, apply_filters, model_names
from .live import LiveResults
from .loading import SplitData
from .names import SPLITS
from .pricing import PriceChanges, changes_text, parse_changes
from .stats import Mode
from .summary import UnknownView, View, available_views, resolve_view, to_records, view_table

log = logging.getLogger(__name__)

# Part of every ETag and cache key: bump it whenever a payload changes shape (to_records's fields
# included), or clients holding an old body would be told by a 304 that it is still current.
API_VERSION = "v1"
PREFIX = f"/api/{API_VERSION}/"
CONTENT_TYPE = "application/json; charset=utf-8"
CACHE_CONTROL = "public, max-age=60"
# A row id is a file name's stem, which common file systems cap at 255 bytes: longer is never valid.
MAX_VALUE_CHARS = 256
MAX_PARAMETERS = 8
MAX_NAME_SHOWN = 40  # an unknown parameter name is quoted back, shortened to this

Endpoint = Literal["views", "leaderboard", "agent"]
PARAMETERS: dict[Endpoint, tuple[str, ...]] = {
    "views": ("split",),
    "leaderboard": ("split", "view", "mode", "prices", "asof"),
    "agent": ("split",),
}
ENDPOINTS_TEXT = f"{PREFIX}views, {PREFIX}leaderboard and {PREFIX}agents/<id>"
# The fields of a to_records row that describe the agent itself, whatever the view: named, so that
# a field to_records gains (likely about the row's place in a view) is never passed off as one.
AGENT_FIELDS = ("id", "agent", "label", "submitter", "models", "openness", "tooling", "date", "source_url", "logs_url")


class ApiError(Exception):
    """A request the API refuses: its status, a message for the client and the parameter at fault."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter

    def response(self) -> ApiResponse:
        return error_response(self.status, self.message, self.parameter)


@dataclass(frozen=True)
class ApiRequest:
    """A parsed request; `view`, `mode`, `prices` and `as_of` are for the leaderboard only (the
    prices as sent until `_normalise` checks them against the split's models), `agent` for an agent."""

    endpoint: Endpoint
    split: str
    view: str | None = None
    mode: Mode | None = None
    agent: str | None = None
    prices_text: str = ""
    prices: PriceChanges = ()
    as_of: dt.date | None = None

    def key(self, internal: bool) -> tuple:
        """Cache key and ETag input: equal for requests that get the same body from the same data."""
        mode = self.mode.value if self.mode else None
        as_of = self.as_of.isoformat() if self.as_of else None
        prices = changes_text(self.prices)
        return ("api", API_VERSION, self.endpoint, self.split, self.view, mode, self.agent, prices, as_of, internal)

    @property
    def what_if(self) -> bool:
        """At changed prices or a past date (once normalised: the prices parsed)."""
        return bool(self.prices or self.as_of)


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error_response(status: int, message: str, parameter: str | None = None) -> ApiResponse:
    headers = {"Content-Type": CONTENT_TYPE, "Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = "60"
    body = {"error": {"status": status, "message": message, "parameter": parameter}}
    return ApiResponse(status, _encode(body), headers)


def handle(
    live: LiveResults,
    path: str,
    query: str = "",
    if_none_match: str | None = None,
    accept_encoding: str | None = None,
) -> ApiResponse:
    """The whole exchange: `path` as sent (percent-encoded), `query` the raw query string, and the
    request's If-None-Match and Accept-Encoding headers."""
    try:
        return respond(live, parse_request(path, query), if_none_match, accept_encoding)
    except ApiError as exc:
        return exc.response()


# --- parsing: everything that can be checked without the data ---------------------------------


def parse_request(path: str, query: str) -> ApiRequest:
    endpoint, agent = _route(path)
    params = _parameters(query, PARAMETERS[endpoint])
    split = params.get("split", "test")
    if split not in SPLITS:
        raise ApiError(400, f"unknown split '{split}'; choose one of: {', '.join(SPLITS)}", "split")
    if endpoint != "leaderboard":
        return ApiRequest(endpoint, split, agent=agent)
    mode = params.get("mode", Mode.LEADERBOARD.value)
    if mode not in {m.value for m in Mode}:
        raise ApiError(400, f"unknown mode '{mode}'; choose one of: {', '.join(m.value for m in Mode)}", "mode")
    as_of = None
    if params.get("asof"):
        try:
            as_of = dt.date.fromisoformat(params["asof"])
        except ValueError:
            raise ApiError(400, f"asof '{params['asof'][:40]}' is not a date (YYYY-MM-DD)", "asof") from None
    return ApiRequest(
        endpoint,
        split,
        view=params.get("view", "overall"),
        mode=Mode(mode),
        prices_text=params.get("prices", ""),
        as_of=as_of,
    )


def _route(path: str) -> tuple[Endpoint, str | None]:
    match path.removeprefix(PREFIX).split("/") if path.startswith(PREFIX) else None:
        case ["views"]:
            return "views", None
        case ["leaderboard"]:
            return "leaderboard", None
        case ["agents", segment] if segment:
            return "agent", _agent_id(segment)
    raise ApiError(404, f"no such API path; the API has {ENDPOINTS_TEXT}")


def _agent_id(segment: str) -> str:
    try:
        agent = unquote(segment, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "the agent id is not valid UTF-8", "id") from None
    if len(agent) > MAX_VALUE_CHARS:
        raise ApiError(400, f"the agent id is longer than {MAX_VALUE_CHARS} characters", "id")
    return agent


def _parameters(query: str, allowed: tuple[str, ...]) -> dict[str, str]:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, errors="strict", max_num_fields=MAX_PARAMETERS)
    except UnicodeDecodeError:
        raise ApiError(400, "the query is not valid UTF-8") from None
    except ValueError:  # parse_qsl's own limit
        raise ApiError(400, f"too many parameters (at most {MAX_PARAMETERS})") from None
    params: dict[str, str] = {}
    for name, value in pairs:
        if name not in allowed:
            shown = name if len(name) <= MAX_NAME_SHOWN else name[:MAX_NAME_SHOWN] + "…"
            raise ApiError(400, f"unknown parameter '{shown}'; this endpoint takes: {', '.join(allowed)}", shown)
        if name in params:
            raise ApiError(400, f"the parameter '{name}' is given more than once", name)
        if len(value) > MAX_VALUE_CHARS:
            raise ApiError(400, f"the parameter '{name}' is longer than {MAX_VALUE_CHARS} characters", name)
        params[name] = value
    return params


# --- answering: against the current data of the split ------------------------------------------


def respond(
    live: LiveResults, request: ApiRequest, if_none_match: str | None = None, accept_encoding: str | None = None
) -> ApiResponse:
    """200 with the body (encoded and gzipped once per revision), or 304 when the client holds it."""
    data = _split_data(live, request.split)
    internal = live.results.internal
    request = _normalise(data, request)
    key = request.key(internal)
    gzipped = accepts_gzip(accept_encoding)
    tag = etag(data, key, gzipped)
    headers = {"Content-Type": CONTENT_TYPE, "Cache-Control": CACHE_CONTROL, "ETag": tag, "Vary": "Accept-Encoding"}
    if etag_matches(if_none_match, tag):
        return ApiResponse(304, b"", headers)
    # View and mode choices are few: keep them for the revision. Agent ids, prices and dates are
    # many: keep the recent ones.
    cache: Callable = data.recent if request.endpoint == "agent" or request.what_if else data.derived
    body: Body = cache(key, lambda: Body.of(payload(data, request, internal)))
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return ApiResponse(200, body.gzipped if gzipped else body.plain, headers)


def _split_data(live: LiveResults, split: str) -> SplitData:
    try:
        return live.data(split)
    except Exception as exc:  # whatever the source did, the client gets a short reason, the log the rest
        log.warning("API: the %s split could not be loaded: %s", split, exc)
        raise ApiError(503, f"the {split} results could not be loaded ({type(exc).__name__}); try again later") from exc


def _normalise(data: SplitData, request: ApiRequest) -> ApiRequest:
    """The view by its key and the prices parsed (so every spelling shares one cache entry and
    ETag); the agent checked."""
    if request.view is not None:
        try:
            view = resolve_view(data.stats, request.view).key
        except UnknownView as exc:
            raise ApiError(400, str(exc), "view") from None
        try:
            prices = parse_changes(request.prices_text, model_names(data))
        except ValueError as exc:
            raise ApiError(400, f"prices: {exc}", "prices") from None
        return replace(request, view=view, prices=prices, prices_text="")
    if request.agent is not None and request.agent not in _row_ids(data):
        raise ApiError(404, f"no agent with id '{request.agent}' in the {request.split} split", "id")
    return request


def _row_ids(data: SplitData) -> frozenset[str]:
    return data.derived(("api", "row ids"), lambda: frozenset(row.id for row in data.rows))


def etag(data: SplitData, key: tuple, gzipped: bool = False) -> str:
    """Strong: one body per revision (and config), normalised parameters and API version; the
    gzipped body is another representation, so it has a tag of its own."""
    text = json.dumps([data.revision.id, data.config, *key])
    coding = "-gzip" if gzipped else ""
    return f'"{API_VERSION}-{hashlib.sha256(text.encode()).hexdigest()[:32]}{coding}"'


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """If-None-Match compares weakly (W/"x" matches "x"); "*" matches any current body."""
    if not if_none_match:
        return False
    candidates = [c.strip() for c in if_none_match.split(",")]
    return "*" in candidates or any(c.removeprefix("W/") == tag for c in candidates)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether Accept-Encoding allows gzip: named, or "*", with a quality above 0."""
    quality: dict[str, float] = {}
    for item in (accept_encoding or "").split(","):
        coding, *params = item.split(";")
        quality[coding.strip().lower()] = _quality(params)
    return quality.get("gzip", quality.get("*", 0.0)) > 0


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


@dataclass(frozen=True)
class Body:
    """One answer, encoded once: plain, and gzipped here rather than by the server on every request
    (Tornado's gzip takes ~30 ms of the event loop for 1.5 MB, about the overall board at N = 2,000)."""

    plain: bytes
    gzipped: bytes

    @classmethod
    def of(cls, content: dict[str, Any]) -> Body:
        plain = _encode(content)
        return cls(plain, gzip.compress(plain, compresslevel=6, mtime=0))  # mtime=0: same bytes every time


def _encode(body: dict[str, Any]) -> bytes:
    # allow_nan=False: NaN is not JSON; to_records already turns unknown numbers into null.
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


# --- payloads ------------------------------------------------------------------------------------


def payload(data: SplitData, request: ApiRequest, internal: bool) -> dict[str, Any]:
    """The JSON object answering a normalised request."""
    if request.endpoint == "views":
        return views_payload(data)
    if request.endpoint == "leaderboard":
        view = resolve_view(data.stats, request.view or "overall")
        mode = request.mode or Mode.LEADERBOARD
        return leaderboard_payload(data, view, mode, internal, request.prices, request.as_of)
    return agent_payload(data, request.agent or "", internal)


def _about(data: SplitData) -> dict[str, Any]:
    return {"split": data.split, "config": data.config, "revision": data.revision.id}


def _view(view: View) -> dict[str, str]:
    return {"key": view.key, "title": view.title, "kind": view.kind}


def views_payload(data: SplitData) -> dict[str, Any]:
    views = [
        {**_view(v), "components": [{"key": c, "title": v.component_title(c)} for c in v.components]}
        for v in available_views(data.stats)
    ]
    return {**_about(data), "views": views}


def leaderboard_payload(
    data: SplitData,
    view: View,
    mode: Mode,
    internal: bool,
    prices: PriceChanges = (),
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """The view's rows; at what-if prices and as of a date when asked (as `Leaderboard` does:
    repriced data, then only the rows submitted by that day, ranked among themselves)."""
    table = view_table(data.repriced(prices), view, mode, internal=internal)
    if as_of is not None:
        table = apply_filters(table, Filters(date_to=as_of))
    scenario = {"prices": changes_text(prices) or None, "asof": as_of.isoformat() if as_of else None}
    return {**_about(data), "view": _view(view), "mode": mode.value, **scenario, "rows": to_records(table)}


def agent_payload(data: SplitData, agent: str, internal: bool) -> dict[str, Any]:
    """The row's metadata, and its record in every view and mode (null where the view lacks it)."""
    views = [
        {"view": _view(view), **{mode.value: agent_record(data, view, mode, agent, internal) for mode in Mode}}
        for view in available_views(data.stats)
    ]
    overall = views[0][Mode.LEADERBOARD.value]  # the overall view lists every row
    metadata = {k: overall[k] for k in AGENT_FIELDS if overall and k in overall}
    return {**_about(data), "agent": metadata, "views": views}


def agent_record(data: SplitData, view: View, mode: Mode, agent: str, internal: bool) -> dict[str, Any] | None:
    table = view_table(data, view, mode, internal=internal)
    # to_records reads each row on its own (rank is a column), so the row's slice gives exactly its
    # record in the whole table, without converting the other rows.
    records = to_records(table[table["id"] == agent])
    return records[0] if records else None
