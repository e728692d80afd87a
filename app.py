"""AstaBench leaderboard site.

`python app.py [--port 7860]` serves the whole site (leaderboard and submission form; see
deploy/start.py for its options); `panel serve app.py` serves the leaderboard pages alone.
"""

import panel as pn

if __name__ == "__main__":
    from deploy.start import main

    raise SystemExit(main())
elif pn.state.served:
    from dashboards.site import create_page

    create_page().servable(title="AstaBench Leaderboard")
