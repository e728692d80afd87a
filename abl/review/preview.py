"""Where a scored row would land on the leaderboard, before it is published.

The row is added to the split's published rows and every view it takes part in is ranked by the
same `view_table` the site uses, so the preview shows exactly what readers would see.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..loading import SplitData
from ..rows import RowRejected, read_row
from ..summary import UnknownView, available_views, view_table

PREVIEW_ID = "(preview)"


class PreviewFailed(ValueError):
    """The scored row cannot be read as the leaderboard would read it."""


@dataclass(frozen=True)
class Placement:
    view: str  # the view's title
    rank: int
    of: int
    score: float
    cost: float  # NaN: unknown
    on_frontier: bool
    pushes_off: tuple[str, ...]  # labels of rows now on the frontier that would leave it
    below: str | None  # the frontier row that beats it, when it is not on the frontier


@dataclass(frozen=True)
class Preview:
    label: str
    notes: tuple[str, ...]
    placements: tuple[Placement, ...]


def preview_row(published: SplitData, row: bytes, split: str) -> Preview:
    try:
        candidate = read_row(row, PREVIEW_ID, split)
    except RowRejected as exc:
        raise PreviewFailed(f"the leaderboard would not take this row: {exc}") from None
    together = SplitData(
        source=published.source,
        config=published.config,
        split=split,
        revision=published.revision,
        loaded_at=published.loaded_at,
        rows=[*published.rows, candidate],
    )
    placements = []
    for view in available_views(together.stats):
        after = view_table(together, view)
        mine = after.index[after["id"] == PREVIEW_ID]
        if len(mine) == 0:
            continue  # the row takes no part in this view (it ran none of its tasks)
        entry = after.loc[mine[0]]
        before_frontier = _frontier(published, view.key) if published.rows else set()
        after_frontier = set(after.loc[after["frontier"], "label"])
        placements.append(
            Placement(
                view=view.title,
                rank=int(entry["rank"]),
                of=len(after),
                score=float(entry["score"]),
                cost=float(entry["cost"]),
                on_frontier=bool(entry["frontier"]),
                pushes_off=tuple(sorted(before_frontier - after_frontier)),
                below=None if entry["frontier"] else entry["dominated_by"],
            )
        )
    label = str(view_table(together, "overall").set_index("id").loc[PREVIEW_ID, "label"])
    return Preview(label=label, notes=candidate.notes, placements=tuple(placements))


def _frontier(data: SplitData, key: str) -> set[str]:
    """Labels on the frontier of a view of the published rows (none if the view did not exist)."""
    try:
        table = view_table(data, key)
    except UnknownView:
        return set()
    return set(table.loc[table["frontier"], "label"])
