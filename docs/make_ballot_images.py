"""Regenerate docs/ballots/*.png: one ballot of every poll of the example meeting, plus a test-deck sheet.

Run: `.venv/bin/python docs/make_ballot_images.py` (needs the dev extras: pypdfium2).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2

from app.services import meetings, printing
from app.services.demo import example_spec_path
from app.services.spec import read_spec

OUT = Path(__file__).resolve().parent / "ballots"
DPI = 90


def _png(pdf: Path, target: Path, page: int = 0) -> None:
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[page].render(scale=DPI / 72, grayscale=True).to_pil()
    image.save(target, optimize=True)
    document.close()


def main() -> None:
    OUT.mkdir(exist_ok=True)
    spec = read_spec(example_spec_path())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "docs.kiemphieu"
        with meetings.create_meeting(path, spec, actor="docs") as meeting_file:
            for poll in spec.polls:
                pdf = Path(folder) / f"{poll.code}.pdf"
                printing.print_ballots(meeting_file, code=poll.code, copies=1, out=pdf, actor="docs")
                _png(pdf, OUT / f"{poll.code}.png")
            pdf = Path(folder) / "two-up.pdf"
            printing.print_ballots(
                meeting_file, code="tin-nhiem", copies=2, out=pdf, actor="docs", paper="A5", two_up=True
            )
            _png(pdf, OUT / "tin-nhiem-a5-two-up.png")
            pdf = Path(folder) / "deck.pdf"
            printing.print_ballots(meeting_file, code="bch", copies=0, out=pdf, actor="docs", test_deck=True)
            _png(pdf, OUT / "bch-test-deck.png")
    print(f"wrote {len(list(OUT.glob('*.png')))} images to {OUT}")


if __name__ == "__main__":
    main()
