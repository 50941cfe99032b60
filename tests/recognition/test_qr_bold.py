"""A page refused for "no QR" (full-mix bench seed 171, 150 dpi, 1-bit, strong wear, fed sideways): the scanner cut
its black at a high grey, every module grew by about a pixel, and at 150 dpi (three pixels a module) the modules ran
together. Read again with every dark run thinned by a pixel on each side (pipeline._code_thinned), it reads; only the
code's own checks decide what reads.
"""

from __future__ import annotations

import numpy as np
import pytest
import qrcode
from PIL import Image, ImageFilter

from app.recognition.pipeline import _code_thinned
from app.recognition.reading import find_code

TEXT = "JNIACJX534W6THIAAYAQCAIAN642CKIHPLVRUAUR62SZPOY"  # as long as a ballot's code


def _page(cut: int, seed: int, box: int = 3) -> np.ndarray:
    """A 1-bit page (as grey, 0 or 255) with the code at `box` pixels a module, scanned 3 % large, a little soft
    and noisy, and cut at grey `cut`: the higher the cut, the bolder the modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, box_size=box, border=4)
    code.add_data(TEXT)
    symbol = code.make_image().convert("L")
    size = int(symbol.width * 1.03)
    soft = np.asarray(symbol.resize((size, size), Image.Resampling.BILINEAR).filter(ImageFilter.GaussianBlur(0.7)))
    noisy = soft.astype(float) + np.random.default_rng(seed).normal(0, 12, soft.shape)
    page = np.full((700, 700), 255, dtype=np.uint8)
    page[100 : 100 + size, 150 : 150 + size] = np.where(noisy >= cut, 255, 0).astype(np.uint8)
    return page


@pytest.mark.parametrize("seed", range(3))
def test_a_code_whose_modules_run_together_on_a_dark_cut_reads_thinned(seed: int) -> None:
    page = _page(210, seed)
    assert find_code(page) is None
    found = _code_thinned(page)
    assert found is not None
    assert found.text == TEXT


@pytest.mark.parametrize(("cut", "box"), [(170, 3), (128, 6), (210, 6)])
def test_a_code_that_reads_as_it_is_still_reads_thinned(cut: int, box: int) -> None:
    # (a code cut light at three pixels a module does not survive thinning: the pipeline thins only where the page
    # as scanned gives none)
    page = _page(cut, 0, box)
    assert find_code(page) is not None
    found = _code_thinned(page)
    assert found is not None
    assert found.text == TEXT


def test_a_page_without_a_code_gives_none_thinned() -> None:
    page = _page(210, 0)
    page[:] = 255
    page[300:310, 100:600] = 0  # a rule
    assert _code_thinned(page) is None
