"""Admin of the exchanges app, one module per part."""

from . import fund_admin, offer_admin, project_admin  # noqa: F401
