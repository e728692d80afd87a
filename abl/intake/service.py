"""A submission from request to receipt: rate limit, archive checks, upload, contact record,
reviewer notification. Nothing is uploaded unless every check passes, and nothing is
reported as done that did not happen."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..sliding_window import SlidingWindow
from .archive import ArchiveLimits, ArchiveRejected, human_size
from .isolated import ProcessLimits, check_and_extract
from .notify import Notifier
from .request import SubmissionRequest
from .store import StoreError, SubmissionStore, contact_record_path, submission_folder

RATE_WINDOW = timedelta(hours=24)
METADATA_FILE = "submission.json"
MAX_REFUSED_ARCHIVES = 5  # per user and REFUSAL_WINDOW: each refused archive costs a check's CPU
REFUSAL_WINDOW = timedelta(hours=1)


class SubmissionRefused(Exception):
    """The submission was not accepted; str(exc) says what to fix. Nothing was stored."""


class RefusalLimit:
    """Refused archives per user in this process. A refused archive is not stored and does not
    count against the daily limit, but checking it costs CPU: without this limit one user could
    keep the checker busy with crafted archives."""

    def __init__(self, max_refused: int = MAX_REFUSED_ARCHIVES, window: timedelta = REFUSAL_WINDOW):
        self.window = window
        self._refused = SlidingWindow(max_refused, window.total_seconds())

    def check(self, user: str, now: datetime) -> None:
        """SubmissionRefused when `user` has used up their refused archives for now."""
        wait = self._refused.wait(user, now.timestamp())
        if wait > 0:
            again = (now + timedelta(seconds=wait)).strftime("%H:%M UTC")
            raise SubmissionRefused(
                f"{self._refused.count(user, now.timestamp())} of your archives were refused in the last "
                f"{_hours(self.window)}; please check your archive with `abl check-archive run.tar.gz` and try "
                f"again after {again}."
            )

    def record(self, user: str, now: datetime) -> None:
        self._refused.add(user, now.timestamp())


def _hours(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    return "hour" if hours == 1 else f"{hours:g} hours"


@dataclass(frozen=True)
class Receipt:
    submitted_at: datetime
    agent_name: str
    split: str
    folder: str  # path in the submissions dataset
    submission_url: str
    files: tuple[tuple[str, int], ...]  # (path, bytes) of what was received
    contact_saved: bool
    contact_error: str | None = None
    reviewers_have_contact: bool = False  # sent with the notification when it could not be saved

    def lines(self) -> list[str]:
        out = [
            f"Received {self.agent_name!r} for the {self.split} split at {self.submitted_at:%Y-%m-%d %H:%M:%S} UTC.",
            f"Stored {len(self.files)} files ({human_size(sum(s for _, s in self.files))}) in {self.folder}",
        ]
        if self.submission_url.startswith(("https://", "http://")):  # a local store's file:// URL names server paths
            out.append(f"  {self.submission_url}")
        if self.contact_saved:
            out.append("Your contact details were saved privately for the reviewers.")
        else:
            sent = (
                "They were sent to the reviewers with the notification."
                if self.reviewers_have_contact
                else "The reviewers can see your submission under your user name, but not your e-mail address."
            )
            out.append(
                f"Your files were stored, but your contact details could not be saved ({self.contact_error}). " + sent
            )
        out.append(
            "What happens next: reviewers check the run and score it; the results appear on the "
            "leaderboard once published. You can submit again to this split after 24 hours."
        )
        return out


def submission_metadata(request: SubmissionRequest, when: datetime) -> dict:
    """The public `submission` object of agent-eval (never an e-mail address)."""
    return {
        "submit_time": when.isoformat(),
        "username": request.display_name,
        "agent_name": request.agent_name,
        "agent_description": request.agent_description,
        "agent_url": request.agent_url or None,
        "logs_url": None,
        "logs_url_public": None,
        "summary_url": None,
        "openness": request.openness,
        "tool_usage": request.tooling,
    }


def _check_rate(store: SubmissionStore, request: SubmissionRequest, config: str, now: datetime) -> None:
    """The contact records decide; submission folders count too, for a submission whose
    contact record could not be written, when their metadata shows they are this user's (a
    folder name alone does not: `bob` + agent `smith_v1` looks like `bob_smith` + `v1`)."""
    since = now - RATE_WINDOW
    try:
        records = store.recent_contacts(request.username_auth, config, request.split, since)
        folders = store.recent_submissions(request.username_auth, config, request.split, since, METADATA_FILE)
    except StoreError as exc:
        raise SubmissionRefused(
            f"We could not check your earlier submissions ({exc}); please try again later."
        ) from exc
    times = list(folders)
    for record in records:
        try:
            if record.get("username_auth") == request.username_auth:
                times.append(datetime.fromisoformat(record["submit_time"]))
        except (AttributeError, KeyError, TypeError, ValueError):
            continue  # a damaged record; its folder still counts
    if times:
        last = max(times)
        again = (last + RATE_WINDOW).strftime("%Y-%m-%d %H:%M UTC")
        raise SubmissionRefused(
            f"You already submitted to the {request.split} split at {last:%Y-%m-%d %H:%M} UTC. Each account may "
            f"submit once per split every 24 hours; you can submit to this split again after {again}."
        )


def submit(
    request: SubmissionRequest,
    archive: Path,
    *,
    store: SubmissionStore,
    config: str,
    notifier: Notifier,
    limits: ArchiveLimits | None = None,
    now: datetime | None = None,
    refusals: RefusalLimit | None = None,
    process: ProcessLimits = ProcessLimits(),
) -> Receipt:
    limits = limits or ArchiveLimits()
    with store.lock(request.username_auth, request.split):
        when = (now or datetime.now(UTC)).replace(microsecond=0)
        _check_rate(store, request, config, when)
        if refusals is not None:
            refusals.check(request.username_auth, when)
        folder = submission_folder(config, request.split, request.username_auth, request.agent_name, when)
        metadata = submission_metadata(request, when)
        # Unpack beside the archive: it lives in the upload area, which is removed at shutdown.
        with tempfile.TemporaryDirectory(prefix="abl-submission-", dir=archive.parent) as staging:
            files_dir = Path(staging) / "files"
            try:
                checked_files = check_and_extract(
                    archive, files_dir, split=request.split, config=config, limits=limits, process=process
                )
            except ArchiveRejected as exc:
                if refusals is not None:
                    refusals.record(request.username_auth, when)
                raise SubmissionRefused(f"The archive was not accepted: {exc}") from exc
            if any(f.path == METADATA_FILE for f in checked_files):
                raise SubmissionRefused(
                    f"The archive was not accepted: its run directory holds a {METADATA_FILE}, "
                    "a name the leaderboard reserves for the metadata it writes. Rename or "
                    "remove it."
                )
            metadata_bytes = json.dumps(metadata, indent=2, ensure_ascii=False).encode("utf-8")
            (files_dir / METADATA_FILE).write_bytes(metadata_bytes)
            try:
                url = store.add_submission(folder, files_dir, f"Add submission {folder}")
            except StoreError as exc:
                raise SubmissionRefused(
                    f"Uploading your files failed, so nothing was submitted ({exc}). Please try again later."
                ) from exc
        record = {
            **metadata,
            "username_auth": request.username_auth,
            "email": request.email,
            "email_opt_in": request.email_opt_in,
            "role": request.role,
            "dataset_url": url,
        }
        contact_error = None
        try:
            store.add_contact(
                contact_record_path(config, request.split, request.username_auth, when),
                record,
                f"Add contact record for {folder}",
            )
        except StoreError as exc:
            contact_error = str(exc)
    files = tuple((f.path, f.size) for f in checked_files) + ((METADATA_FILE, len(metadata_bytes)),)
    receipt = Receipt(
        submitted_at=when,
        agent_name=request.agent_name,
        split=request.split,
        folder=folder,
        submission_url=url,
        files=files,
        contact_saved=contact_error is None,
        contact_error=contact_error,
        reviewers_have_contact=bool(contact_error) and getattr(notifier, "delivers_contact_details", False),
    )
    event = {
        "folder": folder,
        "submission_url": url,
        "agent_name": request.agent_name,
        "split": request.split,
        "username_auth": request.username_auth,
        "submit_time": when.isoformat(),
        "files": len(files),
        "contact_error": contact_error,
    }
    if contact_error:
        event["contact_record"] = record  # so the reviewers can still reach the submitter
    notifier.notify(event)
    return receipt
