"""`panel serve --setup` hook: runs once at server start, before any session.

Loads the data and builds the first tables (so the first visitor is served quickly) and
schedules the background refresh.
"""

from dashboards.live_data import shared_live

shared_live()
