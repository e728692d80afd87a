"""AstaBench leaderboard core: results datasets, agent-eval statistics and the Pareto frontier.

>>> import abl
>>> results = abl.Results()                       # the embedded sample, or ABL_DATASET_PREFIX
>>> results.table("test", "overall")              # ranked pandas DataFrame
>>> board = abl.Leaderboard(view="lit")           # Param model: filters, plot(), save_plot()
"""

from .explore import Filters, apply_filters, best_within_budget, compare
from .frontier import pareto_frontier
from .model import Leaderboard
from .results import SPLITS, Results
from .settings import Settings
from .stats import Mode
from .summary import View, to_records, view_table

__all__ = ["SPLITS", "Filters", "Leaderboard", "Mode", "Results", "Settings", "View", "apply_filters",
           "best_within_budget", "compare", "pareto_frontier", "to_records", "view_table"]
