"""The demo's login table lines up on a terminal when the role names are Thai."""

import unicodedata
from io import StringIO

from django.core.management.base import OutputWrapper
from django.utils import translation

from councils.demo.registry import DEMO_PASSWORD, aligned_rows, display_width, pad_to, write_logins


def columns(text: str) -> int:
    """Terminal columns of Thai and ASCII text, measured apart from the code under test."""
    return sum(unicodedata.category(char) != "Mn" for char in text)


def test_thai_vowel_and_tone_marks_take_no_column():
    assert display_width("ผู้ประสานงานระดับตำบล") == 18  # 21 characters, 3 of them marks
    assert display_width("ผู้ประสานงานระดับจังหวัด") == 19
    assert display_width("เจ้าหน้าที่ พอช. ระดับภาค") == 20
    assert display_width("superuser") == 9


def test_marks_above_the_line_count_as_none_though_their_combining_class_is_zero():
    # ที่: the vowel sara ii and the tone mai ek both sit on tho thahan.
    assert display_width("ที่") == 1
    assert [unicodedata.combining(char) for char in "ที่"] == [0, 0, 107]


def test_zero_width_spaces_take_no_column_and_wide_characters_two():
    assert display_width("ตำบล\u200bแม่สาย") == 9
    assert display_width("日本") == 4


def test_padding_fills_to_the_display_width():
    assert pad_to("ผู้ดูแล", 8) == "ผู้ดูแล" + " " * 4
    assert pad_to("too long", 3) == "too long"


def test_the_columns_start_at_the_same_display_column_on_every_line():
    rows = [
        ("role", "username", "sees"),
        ("ผู้ประสานงานระดับตำบล", "maesai", "570901"),
        ("เจ้าหน้าที่ พอช. ระดับภาค", "codi_north", "the north"),
        ("superuser", "admin", "everything"),
    ]
    lines = aligned_rows(rows)
    for column in (1, 2):
        starts = {
            columns(line[: line.index(row[column])]) for line, row in zip(lines, rows, strict=True)
        }
        assert len(starts) == 1, f"column {column} starts at {starts}"
    # len() would have put them elsewhere: the Thai lines are longer in characters.
    assert len({line.index(row[1]) for line, row in zip(lines, rows, strict=True)}) > 1


def test_the_printed_logins_line_up_in_thai():
    out = StringIO()
    with translation.override("th"):
        write_logins(OutputWrapper(out))
    header, *lines = out.getvalue().splitlines()[1:]
    assert any(unicodedata.category(char) == "Mn" for char in "".join(lines))  # Thai roles
    password_column = columns(header[: header.index("password")])
    for line in lines:
        assert columns(line[: line.index(DEMO_PASSWORD)]) == password_column, line
