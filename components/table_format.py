"""What a view table looks like in the ranked table: its columns, its order and one page of rows.

Numbers are formatted here, from full-precision values, for display only; sorting uses the
numbers themselves. Text from datasets is passed on as text (the table sets it with
`textContent`), and links only ever come from http(s) URLs checked when the rows were read.
"""

from __future__ import annotations

import pandas as pd

from abl.explore import best_within_budget, frontier_notes
from abl.model import COLUMN_GROUPS
from abl.plot_data import OPENNESS_COLORS, TOOLING_GLYPHS, best_within_text, format_cost
from abl.summary import View
from abl.uncertainty import rank_range_text

GROUP_LABELS = dict(zip(COLUMN_GROUPS, ("Submitter", "Models", "Parts", "Attempted", "Date", "Logs")))


def _component_label(view: View) -> str:
    return "Categories" if view.kind == "overall" else "Benchmarks"


def table_columns(view: View, what_if: bool = False) -> tuple[list[dict], list[list[str]]]:
    """(columns, hideable groups as [group, label]) of a view's table; `what_if`: costs are at
    the reader's prices, and their headers say so."""
    cost = "cost (what-if)" if what_if else "cost"

    def col(
        key: str,
        title: str,
        kind: str,
        group: str | None = None,
        width: int = 0,
        sortable: bool = True,
        sort_by: str | None = None,
    ) -> dict:
        return {
            "key": key,
            "title": title,
            "kind": kind,
            "group": group,
            "width": width,
            "sortable": sortable,
            "sort_by": sort_by,
        }

    columns = [
        col("rank", "#", "rank", sort_by=None),  # with the rank range the 95% intervals allow
        col("agent", "Agent", "agent", width=200, sort_by="label"),
        col("submitter", "Submitter", "text", "submitter", sort_by="submitter"),
        col("models", "Models", "text", "models", sortable=False),
        col("score", f"{view.title} score", "number", width=110, sort_by="score"),
        col("cost", f"{view.title} {cost}", "number", width=90, sort_by="cost"),
    ]
    for i, component in enumerate(view.components):
        name = view.component_title(component)
        columns += [
            col(f"c{i}_score", f"{name} score", "number", "components", 100, sort_by=f"{name} score"),
            col(f"c{i}_cost", f"{name} {cost}", "number", "components", 90, sort_by=f"{name} cost"),
        ]
    if view.kind != "benchmark":  # a benchmark's own table would say 1/1 on every row
        columns.append(col("attempted", "Attempted", "text", "attempted", sort_by="attempted_count"))
    columns += [
        col("date", "Date", "text", "date", sort_by="submit_time"),
        col("logs", "Logs", "link", "logs", sortable=False),
    ]
    present = {c["group"] for c in columns if c["group"]}
    labels = {**GROUP_LABELS, "components": _component_label(view)}
    groups = [[g, labels[g]] for g in GROUP_LABELS if g in present]
    return columns, groups


def sort_rows(frame: pd.DataFrame, columns: list[dict], sort: list[str]) -> pd.DataFrame:
    """The frame in the asked order (unknown values last either way); rank order without one."""
    by = {c["key"]: c["sort_by"] for c in columns if c["sort_by"]}
    if len(sort) != 2 or sort[0] not in by or sort[1] not in ("asc", "desc"):
        return frame
    column = by[sort[0]]
    text = frame[column].dtype == object or frame[column].dtype == "str"
    return frame.sort_values(
        column,
        ascending=sort[1] == "asc",
        na_position="last",
        kind="stable",
        key=(lambda s: s.str.lower()) if text else None,
    )


def _unscored(partial: bool) -> str:
    return "Incomplete" if partial else "Not attempted"


def _score_cell(score: float, ci: float, partial: bool) -> dict:
    """`ci` NaN: no interval shown (unknown, or the reader turned intervals off)."""
    if pd.isna(score):
        return {"t": _unscored(partial), "m": True}
    return {"t": f"{score * 100:.1f}%", "s": f"± {ci * 100:.1f}" if pd.notna(ci) else ""}


def _cost_cell(cost: float, score: float, partial: bool, note: str = "") -> dict:
    """`note`: why a repriced row kept (part of) its published cost."""
    if pd.isna(cost):
        return {
            "t": "Missing" if pd.notna(score) else _unscored(partial),
            "m": True,
            **({"h": "The run did not record the cost of every problem."} if pd.notna(score) else {}),
        }
    if note:
        return {"t": format_cost(cost), "s": "published", "h": f"Not repriced: {note}."}
    return {"t": format_cost(cost)}


def _rank_cell(rank: int, best: int, worst: int) -> dict:
    span = rank_range_text(rank, best, worst)
    if not span or span == str(rank):
        return {
            "t": str(rank),
            "h": "Settled by the 95% intervals: every other agent's interval lies wholly above or below this one's."
            if span
            else "",
        }
    return {
        "t": str(rank),
        "s": span,
        "h": f"Rank {rank}, but anywhere from {best} to {worst} within the 95% intervals: "
        "the intervals of the agents in between overlap with this one's.",
    }


NEAR_FRONTIER = "Its 95% interval reaches the frontier: it may be as good a choice for its cost."


def _frontier_note(note: str, near: object) -> str:
    return f"{note} {NEAR_FRONTIER}" if near is True else note


def _agent_hint(record: dict) -> str:
    if record["agent"] == record["agent_name"]:
        return record["label"]
    return (
        f"{record['label']}: “{record['agent_name']}” was submitted more than once by the same submitter with the "
        "same models; the number counts the later runs in submission order."
    )


_ROW_FIELDS = (
    "id",
    "rank",
    "label",
    "agent",
    "agent_name",
    "models",
    "score",
    "score_ci",
    "cost",
    "attempted_count",
    "source_url",
    "tooling",
    "openness",
    "frontier",
    "submitter",
    "attempted",
    "date",
    "logs_url",
    "agent_url",
    "description",
    "rank_best",
    "rank_worst",
    "near_frontier",
    "cost_note",
)


def _records(rows: pd.DataFrame, view: View) -> list[dict]:
    """The fields a display row needs, as dicts (column by column: `to_dict` on every column of
    a view table costs most of a page's time)."""
    fields = list(_ROW_FIELDS)
    for component in view.components:
        name = view.component_title(component)
        fields += [f"{name} score", f"{name} cost"] + ([f"{name} attempted"] if view.kind == "overall" else [])
    return [dict(zip(fields, values)) for values in rows[fields].itertuples(index=False, name=None)]


def table_rows(
    frame: pd.DataFrame, rows: pd.DataFrame, view: View, budget: float | None, show_ci: bool = True
) -> list[dict]:
    """Display rows for `rows`, a slice of the view table `frame` (which decides the frontier and
    the best agent within the budget)."""
    notes = frontier_notes(frame, rows)
    best = best_within_budget(frame, budget)
    best_id = None if best is None else best["id"]
    out = []
    for note, record in zip(notes, _records(rows, view)):
        models = list(record["models"])
        partial = pd.isna(record["score"]) and record["attempted_count"] > 0
        cells = {
            "rank": _rank_cell(record["rank"], record["rank_best"], record["rank_worst"]),
            "agent": {
                "t": record["label"],
                "h": _agent_hint(record),
                "u": record["source_url"] or "",
                "g": TOOLING_GLYPHS.get(record["tooling"], "■"),
                "c": OPENNESS_COLORS.get(record["openness"], OPENNESS_COLORS["Unknown"]),
                "gh": f"{record['openness']} · {record['tooling']}",
                "f": bool(record["frontier"]),
                "n": record["near_frontier"] is True,
                "fh": _frontier_note(note, record["near_frontier"]),
                **({"b": best_within_text(budget)} if record["id"] == best_id else {}),
            },
            "submitter": {"t": record["submitter"] or ""},
            "models": {
                "t": (models[0] + (f" +{len(models) - 1}" if len(models) > 1 else "")) if models else "—",
                "h": ", ".join(models) if models else "not disclosed",
            },
            "score": _score_cell(record["score"], record["score_ci"] if show_ci else float("nan"), partial),
            "cost": _cost_cell(record["cost"], record["score"], partial, record["cost_note"]),
            "attempted": {"t": record["attempted"]},
            "date": {"t": record["date"] if isinstance(record["date"], str) else ""},
            "logs": {"t": "logs ↗", "u": record["logs_url"]} if isinstance(record["logs_url"], str) else {},
        }
        for i, component in enumerate(view.components):
            name = view.component_title(component)
            part = (
                view.kind == "overall" and pd.isna(record[f"{name} score"]) and record.get(f"{name} attempted", 0) > 0
            )
            cells[f"c{i}_score"] = _score_cell(record[f"{name} score"], float("nan"), part)
            cells[f"c{i}_cost"] = _cost_cell(record[f"{name} cost"], record[f"{name} score"], part)
        links = [
            [label, record[key]]
            for label, key in (("Agent page", "agent_url"), ("Source", "source_url"), ("Logs", "logs_url"))
            if isinstance(record[key], str)
        ]
        cost = record["cost"]
        out.append(
            {
                "id": record["id"],
                "cells": cells,
                "detail": {
                    "title": record["label"],
                    "note": _frontier_note(note, record["near_frontier"]),
                    "description": record["description"] if isinstance(record["description"], str) else "",
                    "links": links,
                },
                "dim": budget is not None and not (pd.notna(cost) and cost <= budget),
            }
        )
    return out
