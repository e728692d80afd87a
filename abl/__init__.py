"""AstaBench leaderboard core: results datasets, agent-eval statistics and the Pareto frontier.

>>> import abl
>>> results = abl.Results()            # the embedded sample, or ABL_DATASET_PREFIX
>>> results.table("test", "overall")   # ranked pandas DataFrame
"""

from .frontier import pareto_frontier
from .results import SPLITS, Results
from .settings import Settings
from .stats import Mode
from .summary import View, to_records, view_table

__all__ = ["SPLITS", "Mode", "Results", "Settings", "View", "pareto_frontier", "to_records", "view_table"]
