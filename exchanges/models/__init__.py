"""Models of the exchanges app, one module per part: offers, requests and their matches
(offers.py); cooperation projects, indicators and reports (projects.py); the cooperation fund
(fund.py)."""

from .fund import *  # noqa: F403
from .offers import *  # noqa: F403
from .projects import *  # noqa: F403

# Whole public pages of the exchanges (core.pagecache): bumped by any write to the app's models.
PAGES_VERSION_KEY = "pages:exchanges"
