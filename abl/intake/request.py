"""What a submitter tells us, validated: `SubmissionRequest` and its field rules.

Everything here comes from a browser form and is untrusted. Values are stored as given
(after trimming) but must pass these rules; they are only ever rendered as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..links import safe_http_url
from ..names import OPENNESS, SPLITS, TOOLING

ROLES: tuple[str, ...] = (
    "Undergraduate student",
    "Master's student",
    "PhD student",
    "Postdoctoral researcher",
    "Academic faculty",
    "Industry researcher",
    "Engineer or developer",
    "Data scientist or analyst",
    "Product or program manager",
    "Startup founder or independent researcher",
    "Other",
)
MAX_NAME = 100
MAX_DESCRIPTION = 2000
MAX_EMAIL = 254
MAX_URL = 2048
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SubmissionRequest:
    username_auth: str  # the authenticated Hub user (or basic-auth user); never from the form
    display_name: str
    role: str
    email: str
    email_opt_in: bool
    split: str
    agent_name: str
    agent_description: str
    agent_url: str
    openness: str
    tooling: str
    terms_accepted: bool


def _text_error(value: str, label: str, limit: int, required: bool = True, multiline: bool = False) -> str | None:
    if not value:
        return f"{label} is required." if required else None
    if len(value) > limit:
        return f"{label} is {len(value)} characters long; the limit is {limit}."
    if _CONTROL.search(value) or (not multiline and ("\n" in value or "\r" in value)):
        return f"{label} contains control characters or line breaks."
    return None


def field_errors(values: dict) -> dict[str, str]:
    """Field name -> what to fix, for every rule a form's values break (empty when valid)."""
    errors: dict[str, str] = {}

    def check(name: str, message: str | None) -> None:
        if message:
            errors[name] = message

    check("display_name", _text_error(values.get("display_name", ""), "The display name", MAX_NAME))
    if values.get("role") not in ROLES:
        errors["role"] = "Choose the role that describes you best."
    email = values.get("email", "")
    check("email", _text_error(email, "The contact e-mail", MAX_EMAIL))
    if "email" not in errors and not _EMAIL.match(email):
        errors["email"] = "The contact e-mail does not look like an e-mail address (name@example.org)."
    if values.get("split") not in SPLITS:
        errors["split"] = "Choose the split your run used: validation or test."
    check("agent_name", _text_error(values.get("agent_name", ""), "The agent name", MAX_NAME))
    check(
        "agent_description",
        _text_error(values.get("agent_description", ""), "The description", MAX_DESCRIPTION, multiline=True),
    )
    url = values.get("agent_url", "")
    if url:
        if len(url) > MAX_URL or safe_http_url(url) is None:
            errors["agent_url"] = "The agent URL must be a plain http:// or https:// address (or left empty)."
    if values.get("openness") not in OPENNESS:
        errors["openness"] = "Choose the openness of your agent."
    if values.get("tooling") not in TOOLING:
        errors["tooling"] = "Choose the tooling your agent uses."
    if not values.get("terms_accepted"):
        errors["terms_accepted"] = "Accept the terms to submit."
    return errors


def build_request(values: dict, username_auth: str) -> SubmissionRequest:
    """A validated request; raises ValueError listing every problem."""
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors = field_errors(cleaned)
    if errors:
        raise ValueError(" ".join(errors.values()))
    if not username_auth:
        raise ValueError("You must be logged in to submit.")
    return SubmissionRequest(
        username_auth=username_auth,
        display_name=cleaned["display_name"],
        role=cleaned["role"],
        email=cleaned["email"],
        email_opt_in=bool(cleaned.get("email_opt_in")),
        split=cleaned["split"],
        agent_name=cleaned["agent_name"],
        agent_description=cleaned["agent_description"],
        agent_url=cleaned.get("agent_url", ""),
        openness=cleaned["openness"],
        tooling=cleaned["tooling"],
        terms_accepted=True,
    )
