"""A submission's status, read from what the datasets hold (DESIGN.md section 6).

received -> checked -> scored -> published, or rejected with a reason. A stored submission has
been received and checked at once (the form stores nothing that fails the archive rules); it is
scored once its summaries hold the row to publish, and published once the results dataset holds
that row. Reviewer actions are events: one file each, with who, when and why.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from ..intake.store import STAMP, made_for, path_part

ACTIONS = ("scoring-started", "scored", "scoring-failed", "published", "rejected")
STATUSES = ("received", "checked", "scored", "published", "rejected")
MAX_REASON = 2000
_EVENT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}_[0-9a-f]{12}_(?P<action>[a-z-]+)\.json$")


@dataclass(frozen=True)
class Event:
    action: str
    by: str
    at: datetime
    reason: str = ""  # why (a rejection, a failed scoring)

    def to_json(self) -> bytes:
        return json.dumps(
            {"action": self.action, "by": self.by, "at": self.at.isoformat(), "reason": self.reason}, ensure_ascii=False
        ).encode("utf-8")

    def file_name(self) -> str:
        """Unique, and sorting by name sorts by time."""
        return f"{self.at.strftime(STAMP)}_{uuid.uuid4().hex[:12]}_{self.action}.json"


def read_event(name: str, data: bytes) -> Event | None:
    """An event file, or None for anything that is not one (events are written by this app only,
    but a dataset is writable by others: a damaged file must not break the page)."""
    match = _EVENT_NAME.match(name.rsplit("/", 1)[-1])
    if not match or match["action"] not in ACTIONS:
        return None
    try:
        raw = json.loads(data)
        at = datetime.fromisoformat(raw["at"])
        event = Event(
            action=match["action"],
            by=str(raw["by"])[:100],
            at=at if at.tzinfo else at.replace(tzinfo=UTC),
            reason=str(raw.get("reason") or "")[:MAX_REASON],
        )
    except (ValueError, TypeError, KeyError):
        return None
    return event


@dataclass(frozen=True)
class Submission:
    """One stored submission and its review."""

    config: str
    split: str
    name: str  # folder name: <user>_<agent>_<stamp>
    metadata: dict  # submission.json
    events: tuple[Event, ...] = ()
    scored: bool = False  # its summaries hold the row to publish
    published: bool = False
    submitted_at: datetime | None = None

    @property
    def folder(self) -> str:
        return f"{self.config}/{self.split}/{self.name}"

    @property
    def agent_name(self) -> str:
        value = self.metadata.get("agent_name")
        return value if isinstance(value, str) else "(unnamed)"

    @property
    def rejection(self) -> Event | None:
        rejected = [e for e in self.events if e.action == "rejected"]
        return rejected[-1] if rejected else None

    @property
    def status(self) -> str:
        if self.published:
            return "published"
        if self.rejection is not None:
            return "rejected"
        return "scored" if self.scored else "checked"

    @property
    def scoring_failure(self) -> Event | None:
        """The last failed scoring, unless a later one succeeded."""
        for event in reversed(self.events):
            if event.action in ("scored", "scoring-failed"):
                return event if event.action == "scoring-failed" else None
        return None

    def timeline(self) -> list[tuple[datetime | None, str]]:
        """(when, what) in order, for the submitter and the reviewers."""
        out: list[tuple[datetime | None, str]] = [
            (self.submitted_at, "received"),
            (self.submitted_at, "checked: the archive passed the rules"),
        ]
        for event in self.events:
            text = {
                "scoring-started": "scoring started",
                "scored": "scored",
                "published": "published",
                "scoring-failed": "scoring failed",
                "rejected": "rejected",
            }[event.action]
            out.append((event.at, text + (f": {event.reason}" if event.reason else "")))
        return out


def owner(name: str, metadata: dict) -> str | None:
    """The (path-safe) user name the form put in the folder name `name`, or None if it is not one
    the form made from this metadata."""
    agent = metadata.get("agent_name")
    parts = name.rsplit("_", 2)
    if not isinstance(agent, str) or len(parts) < 3:
        return None
    user = name.removesuffix(f"_{path_part(agent)}_{parts[-2]}_{parts[-1]}")
    return user if user != name and owned_by(name, user, metadata) else None


def owned_by(name: str, user: str, metadata: dict) -> bool:
    """Is the folder `name` the one the form made for `user`? (The daily limit's rule.)"""
    agent = metadata.get("agent_name")
    return made_for(name, user, agent if isinstance(agent, str) else None)
