"""The submission form as a Param model: fields, their help, and live validation.

UI-free; `components.submission_form` renders it. `errors` maps each field to what to fix,
and `ready` is true only when every rule passes and an archive was received.
"""

from __future__ import annotations

import param

from ..names import OPENNESS, TOOLING
from .request import MAX_DESCRIPTION, ROLES, SPLITS, SubmissionRequest, build_request, field_errors

FIELDS = (
    "display_name",
    "role",
    "email",
    "email_opt_in",
    "split",
    "agent_name",
    "agent_description",
    "agent_url",
    "openness",
    "tooling",
    "terms_accepted",
)


class SubmissionForm(param.Parameterized):
    display_name = param.String(
        default="", doc="How you appear on the leaderboard; your Hugging Face username by default."
    )
    role = param.Selector(
        default=None,
        objects=list(ROLES),
        allow_None=True,
        doc="What describes you best. Never shown publicly; it helps us understand who uses AstaBench.",
    )
    email = param.String(default="", doc="Where reviewers can reach you about this submission. Never shown publicly.")
    email_opt_in = param.Boolean(default=False, doc="Also send me occasional news about AstaBench and Asta research.")
    split = param.Selector(
        default="validation",
        objects=list(SPLITS),
        doc="The split your run used (it must match the run's eval_config.json).",
    )
    agent_name = param.String(default="", doc="The agent's name on the leaderboard.")
    agent_description = param.String(
        default="", doc=f"A short description: approach, models, tools (up to {MAX_DESCRIPTION} characters)."
    )
    agent_url = param.String(default="", doc="Optional: a page or repository about the agent (http or https).")
    openness = param.Selector(
        default=None,
        objects=list(OPENNESS),
        allow_None=True,
        doc="Whether the agent's code and model weights are public.",
    )
    tooling = param.Selector(
        default=None,
        objects=list(TOOLING),
        allow_None=True,
        doc="Whether the agent uses only AstaBench's standard tools.",
    )
    terms_accepted = param.Boolean(default=False, doc="I accept the submission terms.")
    archive_name = param.String(default="", doc="The uploaded .tar.gz of the agent-eval run directory.")

    errors = param.Dict(default={}, doc="output: field -> what to fix")
    ready = param.Boolean(default=False, doc="output: every field valid and an archive received")

    def __init__(self, username: str = "", **params):
        super().__init__(**params)
        self.username = username
        if not self.display_name:
            self.display_name = username
        self._validate()

    def values(self) -> dict:
        return {name: getattr(self, name) for name in FIELDS}

    @param.depends(*FIELDS, "archive_name", watch=True)
    def _validate(self) -> None:
        cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in self.values().items()}
        errors = field_errors(cleaned)
        if not self.archive_name:
            errors["archive"] = "Attach the .tar.gz archive of your agent-eval run directory."
        elif not self.archive_name.lower().endswith((".tar.gz", ".tgz")):
            errors["archive"] = "The archive must be a .tar.gz (gzip-compressed tar) file."
        self.param.update(errors=errors, ready=not errors)

    def request(self) -> SubmissionRequest:
        return build_request(self.values(), self.username)
