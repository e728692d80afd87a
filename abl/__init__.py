"""AstaBench leaderboard core: results datasets, agent-eval statistics and the Pareto frontier.

>>> import abl
>>> results = abl.Results()                       # the embedded sample, or ABL_DATASET_PREFIX
>>> results.table("test", "overall")              # ranked pandas DataFrame
>>> board = abl.Leaderboard(view="lit")           # Param model: filters, plot(), save_plot()
"""

from __future__ import annotations

import importlib
from typing import Any

# Names are imported on first use: the archive checker runs in a fresh, memory-limited process
# that needs only `abl.intake`, and must not pay for pandas and Param at every start.
_EXPORTS = {
    "Filters": "explore",
    "apply_filters": "explore",
    "best_within_budget": "explore",
    "compare": "explore",
    "pareto_frontier": "frontier",
    "Leaderboard": "model",
    "SPLITS": "results",
    "Results": "results",
    "Settings": "settings",
    "Mode": "stats",
    "View": "summary",
    "to_records": "summary",
    "view_table": "summary",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'abl' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
