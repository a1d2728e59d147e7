"""Admin of the exchanges app, one module per part."""

from . import offer_admin  # noqa: F401
