"""The submission page, served at /submit by `python app.py` (login required there)."""

import panel as pn

from dashboards.submit import submit_page

pn.extension("filedropper", notifications=True)

if pn.state.served:
    submit_page().servable(title="Submit an agent: AstaBench Leaderboard")
