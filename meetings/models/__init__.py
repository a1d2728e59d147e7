"""Technical meetings: the meeting and its agenda, delegates' registrations, costs, documents."""

from .costs import BudgetLine, PerDiemRate, ServiceLine
from .meeting import Meeting, MeetingDocument, Session
from .registration import Registration

# Whole public pages of the meetings (core.pagecache): bumped by any write to the app's models.
PAGES_VERSION_KEY = "pages:meetings"

__all__ = [
    "PAGES_VERSION_KEY",
    "BudgetLine",
    "Meeting",
    "MeetingDocument",
    "PerDiemRate",
    "Registration",
    "ServiceLine",
    "Session",
]
