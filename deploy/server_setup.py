"""`panel serve --setup` hook: runs once at server start, before any session.

Loads the data and builds the first tables (so the first visitor is served quickly),
schedules the background refresh, and, when a login is configured, makes /submit require it
before the page's code runs.
"""

import os

import panel as pn

from dashboards.live_data import shared_live
from deploy.access import authorize

shared_live()
if os.environ.get("ABL_AUTH_MODE", "none") != "none":
    pn.config.authorize_callback = authorize
