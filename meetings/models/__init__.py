"""Technical meetings: the meeting and its agenda, delegates' registrations, costs, documents."""

from .costs import BudgetLine, PerDiemRate, ServiceLine
from .meeting import Meeting, MeetingDocument, Session
from .registration import Registration

__all__ = [
    "BudgetLine",
    "Meeting",
    "MeetingDocument",
    "PerDiemRate",
    "Registration",
    "ServiceLine",
    "Session",
]
