"""app.text: decimal-comma percentages, NFC normalisation, name keys and Vietnamese ABC order."""

from __future__ import annotations

import random
import unicodedata
from fractions import Fraction

import pytest

from app.text import collation_key, format_decimal, join_names, name_key, nfc, percent, search_key

# --------------------------------------------------------------------------- percent / format_decimal


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (22566, 100000, "22,57"),  # docs/regulations.md §2.7: 22,566 % → 22,57 %
        (22565, 100000, "22,57"),  # exactly half: up
        (22564, 100000, "22,56"),
        (1, 800, "0,13"),  # 0,125: half up, not to even
        (3, 800, "0,38"),  # 0,375
        (1, 3, "33,33"),
        (2, 3, "66,67"),
        (11, 22, "50,00"),
        (18, 22, "81,82"),
        (12, 22, "54,55"),
        (73, 147, "49,66"),
        (147, 147, "100,00"),
        (0, 147, "0,00"),
        (1, 1, "100,00"),
    ],
)
def test_percent(count: int, base: int, expected: str) -> None:
    assert percent(count, base) == expected


@pytest.mark.parametrize("count", [0, 1, 5])
def test_percent_base_zero(count: int) -> None:
    assert percent(count, 0) == "0,00"


def test_percent_negative_base_is_zero() -> None:
    assert percent(3, -1) == "0,00"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (3, 2, "3,00"),
        (0, 2, "0,00"),
        (Fraction(171, 2), 1, "85,5"),
        (Fraction(171, 2), 2, "85,50"),
        (Fraction(12345, 1000), 2, "12,35"),
        (Fraction(12344, 1000), 2, "12,34"),
        (Fraction(1, 2), 0, "1"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(7, 3), 0, "2"),
        (Fraction(2, 3), 3, "0,667"),
        (Fraction(1, 20), 1, "0,1"),
        (Fraction(-1, 200), 2, "-0,01"),  # half away from zero
        (Fraction(-3, 2), 0, "-2"),
        (Fraction(-1234, 100), 2, "-12,34"),
        (1000, 2, "1000,00"),
    ],
)
def test_format_decimal(value: Fraction | int, places: int, expected: str) -> None:
    assert format_decimal(value, places) == expected


def test_format_decimal_no_negative_zero() -> None:
    assert format_decimal(Fraction(-1, 1000)) == "0,00"


# --------------------------------------------------------------------------- nfc / keys


def test_nfc_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thúy")
    assert decomposed != "Nguyễn Thị Thúy"
    assert nfc(decomposed) == "Nguyễn Thị Thúy"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))
    assert nfc("Nguye\u0302\u0303n") == "Nguyễn"


def test_nfc_collapses_and_trims_white_space() -> None:
    assert nfc("  Trần \t Văn\n\nBình  ") == "Trần Văn Bình"
    assert nfc("Trần\u00a0Văn Bình") == "Trần Văn Bình"
    assert nfc("") == ""
    assert nfc("   ") == ""


def test_name_key_ignores_case_spacing_and_composition_but_not_diacritics() -> None:
    key = name_key("Nguyễn Thị Thúy")
    assert name_key(unicodedata.normalize("NFD", "Nguyễn Thị Thúy")) == key
    assert name_key("  NGUYỄN  thị THÚY ") == key
    assert name_key("Nguyễn Văn Hùng") != name_key("Nguyễn Văn Hưng")
    assert name_key("Lê Thị Ly") != name_key("Lê Thị Lý")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thúy", "thuy"),
        ("Đức", "duc"),
        ("  NGUYỄN  Thị ", "nguyen thi"),
        (unicodedata.normalize("NFD", "Trường"), "truong"),
        ("Ưng Ơn Ăn Ấn", "ung on an an"),
    ],
)
def test_search_key(text: str, expected: str) -> None:
    assert search_key(text) == expected


# --------------------------------------------------------------------------- collation


def ordered(names: list[str]) -> list[str]:
    return sorted(names, key=collation_key)


def test_letter_order_a_breve_circumflex() -> None:
    assert ordered(["ân", "an", "ăn"]) == ["an", "ăn", "ân"]
    assert ordered(["ơn", "ôn", "on"]) == ["on", "ôn", "ơn"]
    assert ordered(["ưng", "ung"]) == ["ung", "ưng"]
    assert ordered(["êm", "em"]) == ["em", "êm"]


def test_d_stroke_after_d_before_e() -> None:
    assert ordered(["Em", "Đức", "Dũng"]) == ["Dũng", "Đức", "Em"]
    assert collation_key("Dũng") < collation_key("Đức")
    assert collation_key("Dương") < collation_key("Đào")  # đ is a letter of its own, after all d…


def test_tones_only_break_ties_between_equal_letters() -> None:
    # Dictionary tone order: ngang, huyền, hỏi, ngã, sắc, nặng.
    assert ordered(["má", "mạ", "mà", "mã", "ma", "mả"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # "Ánh" (a-n-h) before "Ân" (â-n): the letters decide before the tone.
    assert ordered(["Ân", "Ánh", "An"]) == ["An", "Ánh", "Ân"]
    assert ordered(["Hải", "Hà"]) == ["Hà", "Hải"]


def test_case_and_composition_do_not_matter() -> None:
    assert collation_key("ĐỨC") == collation_key("đức")
    assert collation_key(unicodedata.normalize("NFD", "Nguyễn Thị Thúy")) == collation_key("Nguyễn Thị Thúy")
    assert collation_key("  Nguyễn   Thị  Thúy ") == collation_key("Nguyễn Thị Thúy")


def test_empty_name() -> None:
    assert collation_key("") == ()
    assert collation_key("   ") == ()


REAL_NAMES_IN_ORDER = [
    "Hoàng Văn An",
    "Vũ Thị Ánh",
    "Lê Thị Ân",
    "Đỗ Văn Bình",
    "Lê Thị Dung",
    "Nguyễn Văn Dũng",
    "Trần Văn Đức",
    "Nguyễn Thị Hà",
    "Trần Văn Hải",
    "Lê Văn Hùng",
    "Phạm Văn Hùng",
    "Nguyễn Hưng",
    "Nguyễn Thị Mai",
    "Nguyễn Văn Mai",
    "Tạ Văn Oanh",
    "Đặng Văn Ôn",
    "Bùi Thị Ơn",
    "Hồ Văn Ý",
    "Nguyễn Thị Yến",
]


def test_real_names_sort_by_given_name_then_family_then_middle() -> None:
    shuffled = REAL_NAMES_IN_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != REAL_NAMES_IN_ORDER
    assert ordered(shuffled) == REAL_NAMES_IN_ORDER


def test_given_name_before_family_name() -> None:
    # Family name "Bùi" sorts before "Vũ", but the given name decides first.
    assert ordered(["Bùi Văn Tú", "Vũ Văn An"]) == ["Vũ Văn An", "Bùi Văn Tú"]
    # Same given name: family name, then middle name.
    assert ordered(["Trần Văn Nam", "Lê Văn Nam", "Lê Hữu Nam"]) == [
        "Lê Hữu Nam",
        "Lê Văn Nam",
        "Trần Văn Nam",
    ]


def test_single_word_name() -> None:
    assert ordered(["Bình", "An"]) == ["An", "Bình"]


def test_given_name_tone_decides_before_family_name() -> None:
    assert ordered(["Nguyễn Thị Lý", "Trần Thị Ly"]) == ["Trần Thị Ly", "Nguyễn Thị Lý"]


# --------------------------------------------------------------------------- join_names


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["An"], "An"),
        (["An", "Bình"], "An và Bình"),
        (["An", "Bình", "Cường"], "An, Bình và Cường"),
        (("D", "E"), "D và E"),
        (["A", "B", "C", "D"], "A, B, C và D"),
    ],
)
def test_join_names(names: list[str], expected: str) -> None:
    assert join_names(names) == expected
