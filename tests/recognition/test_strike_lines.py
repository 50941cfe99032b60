"""The pieces of the strike reader that are plain array arithmetic, against brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from app.recognition.reading import NOT_STRUCK, STRUCK, StrikeScore, _doubtful, _runs_at_most


def _runs_by_hand(mask: np.ndarray, length: int) -> np.ndarray:
    out = np.zeros_like(mask)
    for column, values in enumerate(mask):
        row = 0
        while row < values.size:
            if not values[row]:
                row += 1
                continue
            end = row
            while end < values.size and values[end]:
                end += 1
            if end - row <= length:
                out[column, row:end] = True
            row = end
    return out


@given(arrays(bool, st.tuples(st.integers(1, 6), st.integers(1, 20))), st.integers(1, 8))
def test_runs_no_longer_than_a_pen_line_are_kept(mask: np.ndarray, length: int) -> None:
    assert (_runs_at_most(mask, length) == _runs_by_hand(mask, length)).all()


@given(st.floats(0.0, 1.0))
def test_a_second_reading_only_ever_sends_a_name_to_a_person(share: float) -> None:
    assert StrikeScore(1, _doubtful(share)).state == "review"
    assert NOT_STRUCK <= _doubtful(share) < STRUCK


def test_a_line_across_most_of_the_name_that_misses_an_end_is_not_certain() -> None:
    assert StrikeScore(1, 0.9, ends=False).state == "review"
    assert StrikeScore(1, 0.9).state == "struck"
