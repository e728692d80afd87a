"""One submission as its submitter and the reviewers see it: status, history, files, scores and
where it would land. Every text that came from a submitter or a dataset is shown as plain text."""

from __future__ import annotations

import html

import panel as pn

from abl.names import category_display_name, task_display_name
from abl.plot_data import format_cost, format_score
from abl.review.preview import Placement, Preview
from abl.review.status import Submission

from .base import Notice, PlainText

STATUS_CSS = """
.abl-status { display: inline-block; padding: 2px 10px; border-radius: 12px; font-size: 0.85em; font-weight: 600;
              color: #ffffff; }
.abl-status-checked { background: #57606a; }
.abl-status-scored { background: #0969da; }
.abl-status-published { background: #1a7f37; }
.abl-status-rejected { background: #cf222e; }
"""
MAX_FILES_SHOWN = 30


def heading(submission: Submission) -> pn.pane.HTML:
    """The agent, split and time, then the status badge; it wraps on a narrow screen."""
    when = f"{submission.submitted_at:%Y-%m-%d %H:%M} UTC" if submission.submitted_at else "an unknown time"
    title = html.escape(f"{submission.agent_name}: {submission.split} split, submitted {when}")
    status = html.escape(submission.status)
    return pn.pane.HTML(
        f'<div style="overflow-wrap: anywhere"><strong style="font-size: 1.1em">{title}</strong> '
        f'<span class="abl-status abl-status-{status}">{status}</span></div>',
        stylesheets=[STATUS_CSS],
        sizing_mode="stretch_width",
        margin=(4, 10),
    )


def history(submission: Submission) -> PlainText:
    lines = [
        f"{f'{when:%Y-%m-%d %H:%M} UTC' if when else '(unknown time)'}  {what}" for when, what in submission.timeline()
    ]
    return PlainText("\n".join(lines), margin=(4, 10))


def files_text(folder: str, files: list[str]) -> str:
    shown = "\n".join(f"  {name}" for name in files[:MAX_FILES_SHOWN])
    more = f"\n  ... and {len(files) - MAX_FILES_SHOWN} more" if len(files) > MAX_FILES_SHOWN else ""
    return f"Stored in {folder} ({len(files)} files):\n{shown}{more}"


def scores_text(summary: dict) -> str:
    """agent-eval's summary (summary_stats.json): overall, then each category and benchmark."""
    lines = []
    for key, stat in summary.get("stats", {}).items():
        kind, _, name = key.partition("/")
        title = {"overall": "Overall", "tag": category_display_name(name)}.get(kind, f"  {task_display_name(name)}")
        lines.append(
            f"{title}: {format_score(stat.get('score'), _ci(stat.get('score_stderr')))}, "
            f"{format_cost(stat.get('cost'), _ci(stat.get('cost_stderr')))} per problem"
        )
    return "\n".join(lines)


def _ci(stderr: float | None) -> float | None:
    return None if stderr is None else 1.96 * stderr


def placement_text(place: Placement) -> str:
    where = f"{place.view}: rank {place.rank} of {place.of}, {format_score(place.score)}, {format_cost(place.cost)}"
    if place.on_frontier:
        where += ", on the cost-score frontier"
        if place.pushes_off:
            where += f" (it would take the place of {', '.join(place.pushes_off)})"
    elif place.below:
        where += f", not on the frontier ({place.below} scores higher for less)"
    return where


def preview_text(preview: Preview) -> str:
    lines = [f"Shown as {preview.label}."] + [placement_text(p) for p in preview.placements]
    return "\n".join(lines + [f"Note: {note}" for note in preview.notes])


def submission_view(
    submission: Submission,
    files: list[str],
    summary: dict | None,
    preview: Preview | None = None,
    reviewer: bool = False,
) -> pn.Column:
    parts: list[pn.viewable.Viewable] = [heading(submission), history(submission)]
    if submission.published:
        parts.append(
            Notice(
                kind="success",
                title="Published on the leaderboard.",
                text="It shows on the leaderboard's pages of its split once they have read the new row "
                "(within a few minutes).",
            )
        )
    if submission.rejection is not None:
        parts.append(Notice(kind="error", title="Rejected", text=submission.rejection.reason))
    failure = submission.scoring_failure
    if failure is not None and submission.status == "checked":
        parts.append(
            Notice(
                kind="warning",
                title="Scoring failed" if reviewer else "Scoring did not work yet",
                text=failure.reason if reviewer else "The reviewers have the scorer's log and will look into it.",
            )
        )
    if summary is not None:
        parts.append(PlainText("Scores (agent-eval):\n" + scores_text(summary), margin=(4, 10)))
    if preview is not None:
        parts.append(PlainText("On the leaderboard:\n" + preview_text(preview), margin=(4, 10)))
    parts.append(PlainText(files_text(submission.folder, files), margin=(4, 10), styles={"opacity": "0.85"}))
    return pn.Column(*parts, sizing_mode="stretch_width", styles={"border-bottom": "1px solid rgba(128,128,128,0.3)"})
