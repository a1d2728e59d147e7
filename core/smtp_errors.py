"""What an exception raised while sending email means: temporary or permanent, and whether the
connection survived it. Pure functions over smtplib's exceptions."""

import smtplib


def is_temporary(error: Exception) -> bool:
    """4xx answers and lost or refused connections are temporary; 5xx answers and anything else are not."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def connection_lost(error: Exception) -> bool:
    """After these the connection cannot carry the next message of the batch."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):  # smtplib closes the connection on a 421
        return any(code == 421 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421  # the server is closing the channel
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def describe_error(error: Exception) -> str:
    """The server's answer as it gave it ("550 5.1.1 No such user"), else the exception."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refusals = error.recipients.items()
        return "; ".join(f"{address}: {_answer(code, text)}" for address, (code, text) in refusals)
    if isinstance(error, smtplib.SMTPResponseException):
        return _answer(error.smtp_code, error.smtp_error)
    return f"{type(error).__name__}: {error}"


def _answer(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
