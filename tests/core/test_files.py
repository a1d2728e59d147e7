"""Stored file names fit 255 bytes on disk and the column, keep their extension and stay valid UTF-8."""

import pytest

from core.files import NAME_MAX_BYTES, shorten_file_name, upload_path


def test_a_name_of_two_byte_characters_is_cut_between_characters_with_its_extension_kept():
    name = shorten_file_name("é" * 130 + ".pdf")

    assert name == "é" * 121 + ".pdf"
    assert len(name.encode()) == 246 <= NAME_MAX_BYTES


def test_a_name_of_1000_ascii_characters_is_cut_to_the_limit():
    assert shorten_file_name("a" * 1000 + ".docx") == "a" * (NAME_MAX_BYTES - 5) + ".docx"


def test_a_very_long_extension_is_treated_as_part_of_the_name():
    assert shorten_file_name("informe." + "x" * 300) == "informe." + "x" * (NAME_MAX_BYTES - 8)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("informe final.pdf", "informe final.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\informe.pdf", "informe.pdf"),
        ("informe\x0b\x07.pdf", "informe.pdf"),
        ("informe\tde\r\nmayo.pdf", "informe de mayo.pdf"),
        ("€€€.pdf", "file.pdf"),
        ("...", "file"),
        ("", "file"),
        ("cafe\u0301.pdf", "café.pdf"),  # decomposed accents are composed: fewer bytes
    ],
)
def test_a_name_loses_folders_and_control_characters(name, expected):
    assert shorten_file_name(name) == expected


def test_an_upload_path_fits_the_columns_max_length_with_room_for_the_storages_suffix():
    path = upload_path("initiatives/123456", "é" * 200 + ".pdf", max_length=100)

    assert path == "initiatives/123456/" + "é" * 34 + ".pdf"
    assert len(path) + 8 <= 100
