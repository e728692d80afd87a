"""AstaBench leaderboard site.

`panel serve app.py` serves the leaderboard pages; `python app.py [--port 7860]` serves the
whole site (leaderboard and submission form); see deploy/start.py for its options.
"""

from __future__ import annotations

import panel as pn
import panel_material_ui as pmui

from abl.sources import SourceError
from components.base import PlainText
from dashboards.live_data import shared_live
from dashboards.page import site_page
from dashboards.site import Site

pn.extension("tabulator", notifications=True)


def create_page() -> pn.viewable.Viewable:
    try:
        return Site(shared_live()).page()
    except (SourceError, OSError) as exc:  # no data at all yet: say why instead of an error page
        return site_page(title="AstaBench Leaderboard", main=[
            pmui.Alert(PlainText(str(exc)), title="The results could not be loaded. Reload the page to try again.",
                       severity="error")])


if __name__ == "__main__":
    from deploy.start import main

    raise SystemExit(main())
elif pn.state.served:
    create_page().servable(title="AstaBench Leaderboard")
