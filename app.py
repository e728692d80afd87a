"""AstaBench leaderboard site.

`panel serve app.py` serves the leaderboard pages; `python app.py [--port 7860]` serves the
whole site (leaderboard and submission form) with the options of `abl.serve`.
"""

from __future__ import annotations

import panel as pn

from dashboards.live_data import shared_live
from dashboards.site import Site

pn.extension("tabulator", notifications=True)


def create_page() -> pn.viewable.Viewable:
    return Site(shared_live()).page()


if __name__ == "__main__":
    from deploy.start import main

    raise SystemExit(main())
elif pn.state.served:
    create_page().servable(title="AstaBench Leaderboard")
