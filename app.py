"""AstaBench leaderboard site: `panel serve app.py` or `python app.py [--port 7860]`."""

from __future__ import annotations

import argparse

import panel as pn

from abl import Results

pn.extension("tabulator")


def build_page() -> pn.viewable.Viewable:
    results = Results()
    data = results.split("test")
    table = results.table("test", "overall")[["rank", "agent", "models", "score", "cost", "frontier", "attempted"]]
    table["models"] = table["models"].map(", ".join)
    table["score"] = table["score"] * 100  # percent; rounded only by the formatter below
    return pn.Column(
        "# AstaBench leaderboard",
        f"Overall, test split. Data: {data.source} at revision {data.revision.id}.",
        pn.widgets.Tabulator(
            table, disabled=True, show_index=False,
            formatters={"score": {"type": "money", "symbol": "%", "symbolAfter": True, "precision": 1},
                        "cost": {"type": "money", "symbol": "$", "precision": 3}},
        ),
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args()
    pn.serve({"/": build_page}, port=args.port, address="0.0.0.0", show=False,
             websocket_origin="*")
elif pn.state.served:
    build_page().servable(title="AstaBench leaderboard")
