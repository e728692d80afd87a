"""Telling reviewers about a new submission and each change of its status: best effort, never
blocking the submitter or the reviewer.

`LogNotifier` always logs; `WebhookNotifier` also POSTs the event as JSON to
`ABL_REVIEW_WEBHOOK_URL` (e.g. a Slack or Zulip incoming webhook) from a background thread.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.request
from collections.abc import Mapping
from typing import Any, Protocol

from ..links import safe_http_url
from ..settings import Settings

log = logging.getLogger("abl.submissions")


class Notifier(Protocol):
    def notify(self, event: dict[str, Any]) -> None: ...


class LogNotifier:
    def notify(self, event: dict[str, Any]) -> None:
        public = {k: v for k, v in event.items() if k != "contact_record"}  # no e-mail in logs
        what = "submission status" if "status" in event else "new submission"
        log.info("%s: %s", what, json.dumps(public, ensure_ascii=False, default=str))


class WebhookNotifier:
    delivers_contact_details = True  # the event goes to the reviewers, not to logs

    def __init__(self, url: str, timeout: float = 10.0):
        if safe_http_url(url) is None:
            raise ValueError("the review webhook URL must be an http(s) URL")
        self.url = url
        self.timeout = timeout

    def notify(self, event: dict[str, Any]) -> None:
        threading.Thread(target=self._post, args=(event,), daemon=True, name="abl-review-webhook").start()

    def _post(self, event: dict[str, Any]) -> None:
        body = json.dumps({"text": _summary(event), "event": event}, ensure_ascii=False, default=str).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                response.read()
        except Exception as exc:  # best effort: a failed notification must not fail the submission
            log.warning("review webhook failed: %s", exc)


class Notifiers:
    def __init__(self, *notifiers: Notifier):
        self.notifiers = notifiers
        self.delivers_contact_details = any(getattr(n, "delivers_contact_details", False) for n in notifiers)

    def notify(self, event: dict[str, Any]) -> None:
        for notifier in self.notifiers:
            try:
                notifier.notify(event)
            except Exception as exc:
                log.warning("notifier %s failed: %s", type(notifier).__name__, exc)


def _summary(event: dict[str, Any]) -> str:
    if "status" in event:  # a reviewer's action (abl.review.desk)
        text = (
            f"AstaBench submission {event.get('agent_name')} ({event.get('split')} split, {event.get('folder')}) "
            f"is now {event['status']}, by {event.get('by')}"
        )
        return text + (f": {event['reason']}" if event.get("reason") else "")
    text = (
        f"New AstaBench submission: {event.get('agent_name')} by {event.get('username_auth')} "
        f"({event.get('split')} split) at {event.get('submission_url')}"
    )
    if event.get("contact_error"):
        text += f". The contact record could not be saved: {event['contact_error']}"
    return text


def notifier_for(settings: Settings) -> Notifier:
    url = settings.review_webhook_url
    return Notifiers(LogNotifier(), WebhookNotifier(url)) if url else LogNotifier()


def notifier_from_env(environ: Mapping[str, str] | None = None) -> Notifier:
    return notifier_for(Settings.from_env(environ))
