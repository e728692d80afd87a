"""The frontier over time: what the best agent within a budget scored on each past date.

Submission dates are when rows joined the leaderboard, so the board "as of" a date is the rows
submitted on or before it (`Leaderboard.as_of`). For a few budgets, the best score reachable
within each is a running maximum over the rows in date order; it changes only when a new row
beats it, and those changes are the steps of the chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BUDGETS = (0.01, 0.1, 1.0)  # USD per problem


def best_over_time(frame: pd.DataFrame, budgets: tuple[float, ...] = BUDGETS) -> pd.DataFrame:
    """One row per (budget, date on which its best score rose): budget, date, score, label, id.

    `frame` is a view table; rows without a submission date, score or known cost take no part.
    Among rows submitted the same day the best one counts; ties keep the earlier submission."""
    dated = frame[frame["submit_time"].notna() & frame["score"].notna() & frame["cost"].notna()]
    dated = dated.sort_values(["submit_time", "id"], kind="stable")
    records = []
    for budget in budgets:
        within = dated[dated["cost"] <= budget]
        best = -np.inf
        for when, score, label, row_id in zip(within["submit_time"], within["score"], within["label"], within["id"]):
            if score > best:
                if records and records[-1]["budget"] == budget and records[-1]["date"] == when.date():
                    records.pop()  # a better row the same day: the day's step is its
                best = score
                records.append({"budget": budget, "date": when.date(), "score": score, "label": label, "id": row_id})
    return pd.DataFrame.from_records(records, columns=["budget", "date", "score", "label", "id"])
