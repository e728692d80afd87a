"""The review desk: what reviewers and submitters see of submissions, and the reviewers' actions.

Every action checks the status the datasets hold at that moment, then adds files (an event, the
scorer's output, the published row); nothing is kept in process memory, so replicas agree and a
restart loses nothing. Publishing creates the row exclusively, so two reviewers cannot publish
twice. Every status change is announced to the reviewers' notifier.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..intake.notify import Notifier
from ..intake.store import StoreError, path_part
from ..loading import SplitData
from ..results import SPLITS
from ..settings import Settings
from .ledger import EVENTS, SUMMARIES, AlreadyPublished, Ledger
from .preview import Preview, preview_row
from .scoring import LOG_FILE, score_run, scoring_available
from .status import MAX_REASON, Event, Submission, owned_by, read_event

METADATA_FILE = "submission.json"
ROW_FILE = "row.json"


class ReviewRefused(Exception):
    """The action was not taken; str(exc) says why. Nothing was written."""


@dataclass(frozen=True)
class Reviewers:
    """Who may review: Hub user names and organisations (`Settings.reviewers`, from
    ABL_REVIEWERS="alice, bob, org:allenai")."""

    users: frozenset[str] = frozenset()
    orgs: frozenset[str] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[str]) -> Reviewers:
        entries = tuple(entries)
        return cls(
            users=frozenset(e for e in entries if not e.startswith("org:")),
            orgs=frozenset(e.removeprefix("org:") for e in entries if e.startswith("org:")),
        )

    def allows(self, user: str | None, orgs: Iterable[str] = ()) -> bool:
        return bool(user) and (user in self.users or bool(self.orgs.intersection(orgs)))


class ReviewDesk:
    def __init__(
        self,
        ledger: Ledger,
        config: str,
        notifier: Notifier,
        *,
        leaderboard: Callable[[str], SplitData] | None = None,
        publish_refusal: str | None = None,
        score_timeout_s: float = Settings.score_timeout_s,
        now: Callable[[], datetime] | None = None,
    ):
        """`leaderboard(split)`: the published rows the preview compares with; `publish_refusal`: why
        this server may not publish (e.g. it shows the embedded sample), or None."""
        self.ledger = ledger
        self.config = config
        self.notifier = notifier
        self.leaderboard = leaderboard
        self.publish_refusal = publish_refusal
        self.score_timeout_s = score_timeout_s
        self._now = now or (lambda: datetime.now(UTC))

    # ---- reading -----------------------------------------------------------------------------

    def submission(self, split: str, name: str) -> Submission:
        if split not in SPLITS or name not in self.ledger.folders(self.config, split):
            raise ReviewRefused("There is no such submission.")
        return self._load(split, name)

    def _load(self, split: str, name: str) -> Submission:
        """A submission known to exist (a name the ledger listed)."""
        folder = f"{self.config}/{split}/{name}"
        try:
            metadata = json.loads(self.ledger.read(f"{folder}/{METADATA_FILE}") or b"{}")
        except ValueError:
            metadata = {}
        metadata = metadata if isinstance(metadata, dict) else {}
        events = []
        for path in self.ledger.listing(f"{EVENTS}/{folder}"):
            if path.endswith(".json") and (event := read_event(path, self.ledger.read(path) or b"")) is not None:
                events.append(event)
        return Submission(
            config=self.config,
            split=split,
            name=name,
            metadata=metadata,
            events=tuple(sorted(events, key=lambda e: e.at)),
            scored=self.ledger.read(f"{SUMMARIES}/{folder}/{ROW_FILE}") is not None,
            published=self.ledger.published(f"{folder}.json"),
            submitted_at=_time(metadata.get("submit_time")),
        )

    def submissions(self, named: Callable[[str], bool] = lambda _name: True) -> list[Submission]:
        """Every submission of the config (whose folder name passes `named`), newest first."""
        found = [
            self._load(split, name)
            for split in SPLITS
            for name in self.ledger.folders(self.config, split)
            if named(name)
        ]
        return sorted(found, key=lambda s: s.submitted_at or datetime.min.replace(tzinfo=UTC), reverse=True)

    def pending(self) -> list[Submission]:
        return [s for s in self.submissions() if s.status in ("checked", "scored")]

    def of_user(self, user: str) -> list[Submission]:
        """The submissions the form stored for `user` (the authenticated Hub user)."""
        # Only folders named after the user can be theirs: the others are not read at all.
        prefix = path_part(user) + "_"
        return [s for s in self.submissions(lambda name: name.startswith(prefix)) if owned_by(s.name, user, s.metadata)]

    def files(self, submission: Submission) -> list[str]:
        """The archive's files as stored, relative to the submission folder."""
        return [p[len(submission.folder) + 1 :] for p in self.ledger.listing(submission.folder)]

    def scored_row(self, submission: Submission) -> bytes | None:
        return self.ledger.read(f"{SUMMARIES}/{submission.folder}/{ROW_FILE}")

    def summary_stats(self, submission: Submission) -> dict | None:
        data = self.ledger.read(f"{SUMMARIES}/{submission.folder}/summary_stats.json")
        return json.loads(data) if data else None

    def preview(self, submission: Submission) -> Preview:
        row = self.scored_row(submission)
        if row is None:
            raise ReviewRefused("Score the submission first: the preview shows the row scoring made.")
        if self.leaderboard is None:
            raise ReviewRefused("This server has no leaderboard to compare with.")
        return preview_row(self.leaderboard(submission.split), row, submission.split)

    # ---- acting ------------------------------------------------------------------------------

    def _record(self, submission: Submission, event: Event, extra: dict[str, bytes] | None = None) -> None:
        files = {f"{EVENTS}/{submission.folder}/{event.file_name()}": event.to_json(), **(extra or {})}
        try:
            self.ledger.add(files, f"{event.action} {submission.folder} by {event.by}")
        except StoreError as exc:
            raise ReviewRefused(f"Nothing was recorded: {exc}") from exc

    def _announce(self, submission: Submission, status: str, by: str, reason: str = "") -> None:
        self.notifier.notify(
            {
                "folder": submission.folder,
                "agent_name": submission.agent_name,
                "split": submission.split,
                "status": status,
                "by": by,
                "reason": reason,
            }
        )

    def _fresh(self, submission: Submission, allowed: tuple[str, ...], doing: str) -> Submission:
        """The submission as the datasets hold it now, if `doing` is allowed in its status."""
        current = self.submission(submission.split, submission.name)
        if current.status not in allowed:
            raise ReviewRefused(f"Cannot {doing}: the submission is {current.status}.")
        return current

    def score(self, submission: Submission, by: str) -> Submission:
        """Runs agent-eval's scoring on the stored run (slow: call it from a worker thread)."""
        current = self._fresh(submission, ("checked",), "score it")
        if not scoring_available():
            raise ReviewRefused("Scoring needs agent-eval on this server: pip install 'astabench-leaderboard[score]'.")
        self._record(current, Event("scoring-started", by, self._now()))
        with tempfile.TemporaryDirectory(prefix="abl-score-") as work:
            run_dir, out_dir = Path(work) / "run", Path(work) / "out"
            try:
                self.ledger.fetch_run(current.folder, run_dir)
            except (OSError, StoreError) as exc:
                raise ReviewRefused(f"The run could not be fetched: {exc}") from exc
            result = score_run(run_dir, out_dir, self.ledger.logs_url(current.folder), timeout_s=self.score_timeout_s)
        event = Event("scored" if result.ok else "scoring-failed", by, self._now(), reason=result.reason)
        log_path = f"{EVENTS}/{current.folder}/{event.file_name().removesuffix('.json')}-{LOG_FILE}"
        outputs = {
            f"{SUMMARIES}/{current.folder}/{name}": data for name, data in result.files.items() if name != LOG_FILE
        }
        try:
            self._record(current, event, {log_path: result.files[LOG_FILE], **outputs})
        except ReviewRefused:
            if self.submission(current.split, current.name).scored:  # another reviewer scored it meanwhile
                raise ReviewRefused("Another reviewer scored this submission meanwhile.") from None
            raise
        self._announce(current, "scored" if result.ok else "scoring failed", by, result.reason)
        if not result.ok:
            raise ReviewRefused(f"Scoring failed: {result.reason}. The scorer's log is kept with the submission.")
        return self.submission(current.split, current.name)

    def publish(self, submission: Submission, by: str) -> str:
        if self.publish_refusal:
            raise ReviewRefused(self.publish_refusal)
        current = self._fresh(submission, ("scored",), "publish it")
        row = self.scored_row(current)
        assert row is not None  # scored means the row exists
        try:
            where = self.ledger.publish(f"{current.folder}.json", row, f"Publish {current.folder} (reviewed by {by})")
        except AlreadyPublished:
            raise ReviewRefused("This submission is already published.") from None
        except StoreError as exc:
            raise ReviewRefused(f"Nothing was published: {exc}") from exc
        try:
            self._record(current, Event("published", by, self._now()))
        except ReviewRefused:
            pass  # the row decides "published"; the event only says who and when
        self._announce(current, "published", by)
        return where

    def reject(self, submission: Submission, by: str, reason: str) -> None:
        reason = " ".join(reason.split())
        if not reason:
            raise ReviewRefused("Say why: the submitter sees the reason.")
        if len(reason) > MAX_REASON:
            raise ReviewRefused(f"The reason is {len(reason)} characters; the limit is {MAX_REASON}.")
        current = self._fresh(submission, ("checked", "scored"), "reject it")
        self._record(current, Event("rejected", by, self._now(), reason=reason))
        self._announce(current, "rejected", by, reason)


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
