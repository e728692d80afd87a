"""What the reader's "as of" date and what-if prices change in one view, said above its plot."""

from __future__ import annotations

import panel as pn
import param

from abl.model import FRAME_PARAMS, Leaderboard

from .base import ModelView, Notice

MAX_NAMED = 6  # agents named in a sentence; more are counted


def _names(labels: list[str]) -> str:
    shown = ", ".join(labels[:MAX_NAMED])
    return shown + (f" and {len(labels) - MAX_NAMED} more" if len(labels) > MAX_NAMED else "")


def scenario_text(model: Leaderboard, view: str) -> str:
    """Sentences on the view as of the reader's date and at their prices; "" when neither is set."""
    parts = []
    if model.as_of:
        count = len(model.table(view))
        when = f"The leaderboard as of {model.as_of:%Y-%m-%d}: "
        parts.append(
            when
            + f"{count} agent{' had' if count == 1 else 's had'} been submitted by then, and the frontier is theirs."
            if count
            else when
            + "no agent matching your filters had been submitted by then. Clear the date (or the filters) to see them."
        )
    if model.prices:
        described = "; ".join(f"{name} {change.describe()}" for name, change in model.prices)
        change = model.frontier_change(view)
        moved = [
            f"{what} the frontier: {_names(labels)}."
            for what, labels in (("Joins", change["joined"]), ("Leaves", change["left"]))
            if labels
        ] or ["The frontier has the same agents."]
        kept = model.table(view)["cost_note"].astype(bool).sum()
        published = model.published_table(view)
        published = published.loc[published["frontier"].astype(bool), "label"].tolist()
        # A frontier of one agent draws no line: name it instead.
        then = (
            " The dotted grey line is the frontier at published prices."
            if len(published) > 1
            else f" At published prices the frontier is {published[0]} alone."
            if published
            else ""
        )
        parts.append(
            f"Costs at your prices ({described}). "
            + " ".join(moved)
            + then
            + (
                f" {kept} agent{'s keep (part of) their' if kept != 1 else ' keeps (part of) its'} published cost: see "
                "“published” in the cost column."
                if kept
                else ""
            )
        )
    return "\n".join(parts)


class ScenarioSummary(ModelView):
    """A notice above a view's plot while an "as of" date or what-if prices are set."""

    view = param.String(default="overall")

    def __init__(self, model: Leaderboard, **params):
        super().__init__(model, **params)
        self.notice = Notice(kind="info", title="What if", visible=False, margin=(0, 10))
        self.watch(self._update, FRAME_PARAMS)
        self._update()

    def _update(self, *_: object) -> None:
        text = scenario_text(self.model, self.view) if self.view_available() else ""
        title = " and ".join(
            t for t, on in (("As of a past date", self.model.as_of), ("What-if prices", self.model.prices)) if on
        )
        # Agent labels come from datasets: the notice shows them as text.
        self.notice.param.update(text=text, title=title, visible=bool(text))

    def __panel__(self) -> pn.viewable.Viewable:
        return self.notice
