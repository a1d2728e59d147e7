"""Names of stored files: cleaned and shortened so that any uploaded name fits the disk and the column.

File systems limit one name to 255 bytes (not characters: "é" takes two), and Django's storage adds
"_" and 7 random characters when the name is taken, so a stored name keeps 8 bytes free.
"""

import os
import re
import unicodedata

from .cleaning import clean_text

NAME_MAX_BYTES = 255 - 8
# Longer "extensions" are part of the name ("report.final version of the 2019 study").
EXTENSION_MAX_BYTES = 16
FALLBACK_STEM = "file"
WORD_CHARACTER = re.compile(r"\w")


def shorten_file_name(name: str, max_bytes: int = NAME_MAX_BYTES) -> str:
    """`name` without folders or control characters, cut to `max_bytes` of UTF-8, extension kept.

    Cuts fall between characters, never inside one, so the result is valid UTF-8.
    """
    name = os.path.basename(name.replace("\\", "/"))
    name = " ".join(unicodedata.normalize("NFC", clean_text(name)).split())  # no line breaks in a name
    stem, extension = os.path.splitext(name)
    if len(extension.encode()) > EXTENSION_MAX_BYTES:
        stem, extension = name, ""
    stem = cut_to_bytes(stem, max_bytes - len(extension.encode())).rstrip(" .")
    if not WORD_CHARACTER.search(stem):  # Django's get_valid_name would leave nothing of it
        stem = FALLBACK_STEM
    return stem + extension


def cut_to_bytes(text: str, max_bytes: int) -> str:
    """The longest start of `text` whose UTF-8 encoding fits in `max_bytes`."""
    return text.encode()[: max(max_bytes, 0)].decode(errors="ignore")


def upload_path(folder: str, filename: str, *, max_length: int) -> str:
    """`folder/filename` with the name shortened to fit both the disk and a FileField's `max_length`.

    `max_length` counts characters, which UTF-8 bytes never undercount; the storage's 8-character
    suffix for a taken name is kept free in both.
    """
    room = min(NAME_MAX_BYTES, max_length - len(folder) - 1 - 8)
    return f"{folder}/{shorten_file_name(filename, room)}"
