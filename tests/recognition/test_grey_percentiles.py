"""The reader's percentiles of a page's greys, worked from their histogram, are numpy's to the last bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from app.recognition.reading import grey_percentiles

PERCENTS = (0, 2.5, 10, 20, 33.3, 50, 75, 90, 98, 100)


@settings(max_examples=300, deadline=None)
@given(
    arrays(np.uint8, st.integers(1, 3000), elements=st.integers(0, 255)),
    st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=4),
)
def test_the_same_numbers_as_numpy(greys: np.ndarray, percents: list[float]) -> None:
    assert grey_percentiles(greys, percents) == [float(v) for v in np.percentile(greys, percents)]


def test_a_page_like_spread_of_greys() -> None:
    rng = np.random.default_rng(7)
    for size in (1, 2, 5, 1000, 65_000):
        page = np.clip(rng.normal(225, 25, size), 0, 255).astype(np.uint8).reshape(-1, 1)
        assert grey_percentiles(page, PERCENTS) == [float(v) for v in np.percentile(page, PERCENTS)]
