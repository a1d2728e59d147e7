"""Strict parsing of numbers typed into addresses: page numbers and ids, ASCII digits only.

`str.isdigit()` accepts "²" and "٣", which `int()` then refuses or reads as another number; a
regular expression on ASCII digits says exactly what an address may carry.
"""

import re

ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
# Ids are PostgreSQL bigints; a larger number cannot name a row.
MAX_ID = 2**63 - 1


def parse_positive_int(value: str | None, *, maximum: int = MAX_ID) -> int | None:
    """The integer 1..maximum written in ASCII digits, or None for anything else."""
    if value is None or not ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= maximum else None


def parse_page_number(value: str | None, max_page: int) -> int:
    """The page asked for, or 1 when it is missing, not ASCII digits, or beyond `max_page`."""
    return parse_positive_int(value, maximum=max_page) or 1
