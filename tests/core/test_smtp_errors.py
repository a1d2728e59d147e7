import smtplib

import pytest

from core.smtp_errors import connection_lost, describe_error, is_temporary

CASES = [
    # error, temporary, connection lost, as recorded
    (
        smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"4.3.0 Try again later")}),
        True,
        False,
        "a@example.org: 451 4.3.0 Try again later",
    ),
    (
        smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 No such user")}),
        False,
        False,
        "a@example.org: 550 5.1.1 No such user",
    ),
    (
        smtplib.SMTPRecipientsRefused({"a@example.org": (421, b"4.3.2 Shutting down")}),
        True,
        True,
        "a@example.org: 421 4.3.2 Shutting down",
    ),
    (
        smtplib.SMTPDataError(452, b"4.3.1 Insufficient storage"),
        True,
        False,
        "452 4.3.1 Insufficient storage",
    ),
    (smtplib.SMTPDataError(554, b"5.7.1 Rejected as spam"), False, False, "554 5.7.1 Rejected as spam"),
    (smtplib.SMTPSenderRefused(421, b"Closing", "from@x"), True, True, "421 Closing"),
    (
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        True,
        True,
        "SMTPServerDisconnected: Connection unexpectedly closed",
    ),
    (
        ConnectionRefusedError(111, "Connection refused"),
        True,
        True,
        "ConnectionRefusedError: [Errno 111] Connection refused",
    ),
    (TimeoutError("timed out"), True, True, "TimeoutError: timed out"),
    (
        ValueError("Header values may not contain linefeed"),
        False,
        False,
        "ValueError: Header values may not contain linefeed",
    ),
]


@pytest.mark.parametrize(("error", "temporary", "lost", "recorded"), CASES, ids=lambda v: str(v)[:30])
def test_an_smtp_error_is_classified_and_recorded_as_the_server_gave_it(error, temporary, lost, recorded):
    assert (is_temporary(error), connection_lost(error), describe_error(error)) == (temporary, lost, recorded)
