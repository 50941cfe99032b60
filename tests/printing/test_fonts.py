"""`fonts.wrap` is ReportLab's `simpleSplit`: the same lines as the word wrap the ballots were drawn with before."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.printing.fonts import SERIF, SERIF_BOLD, register_fonts, text_width, wrap

WORDS = st.sampled_from(
    (
        *("Nguyễn", "Thị", "Hồng", "Thúy", "Bí", "thư", "Phó", "Chủ", "tịch", "Ủy", "ban", "nhân", "dân", "xã"),
        *("Đồng", "ý", "Không", "Tín", "nhiệm", "cao", "thấp", "tiêu", "chí", "chấm", "điểm", "Hoàn", "thành"),
        *("xuất", "sắc", "vụ", "Siêudàimộttừkhôngcókhoảngtrắng"),
    )
)


def _by_hand(text: str, font: str, size: float, width: float) -> list[str]:
    """The word wrap fonts.wrap used to be: greedy, on single spaces, an over-long word kept whole."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text_width(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(WORDS, max_size=30),
    font=st.sampled_from([SERIF, SERIF_BOLD]),
    size=st.sampled_from([8.0, 10.5, 12.0, 14.0]),
    width=st.floats(min_value=10, max_value=400),
)
def test_wrap_gives_the_lines_the_hand_wrap_gave(words: list[str], font: str, size: float, width: float) -> None:
    register_fonts()
    text = " ".join(words)
    assert wrap(text, font, size, width) == _by_hand(text, font, size, width)


def test_wrap_of_nothing_is_one_empty_line() -> None:
    register_fonts()
    assert wrap("", SERIF, 10, 100) == [""]
