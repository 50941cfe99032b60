"""Regenerate the pictures in docs/: one ballot of every poll of the example meeting (docs/ballots/), a
test-deck sheet and a two-up sheet, and the minutes of every poll of the demo meeting (docs/minutes/).

Run: `.venv/bin/python docs/make_images.py` (needs the dev extras: pypdfium2).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2

from app.services import meetings, minutes, printing
from app.services.demo import build_demo, example_spec_path
from app.services.spec import read_spec

OUT = Path(__file__).resolve().parent / "ballots"
MINUTES = Path(__file__).resolve().parent / "minutes"
DPI = 90


def _png(pdf: Path, target: Path, page: int = 0) -> None:
    document = pypdfium2.PdfDocument(str(pdf))
    image = document[page].render(scale=DPI / 72, grayscale=True).to_pil()
    image.save(target, optimize=True)
    document.close()


def _minutes_pngs(folder: Path) -> None:
    """The minutes of every poll of the demo meeting: each page as docs/minutes/<poll>-<page>.png."""
    MINUTES.mkdir(exist_ok=True)
    for old in MINUTES.glob("*.png"):
        old.unlink()
    with build_demo(folder / "demo.kiemphieu") as meeting_file:
        with meeting_file.reading() as session:
            codes = [p.code for p in meetings.meeting_info(session).polls]
        for code in codes:
            pdf = folder / f"minutes-{code}.pdf"
            report = minutes.make_minutes(meeting_file, code=code, actor="docs", pdf=pdf)
            for page in range(report.pages):
                _png(pdf, MINUTES / f"{code}-{page + 1}.png", page)


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
        _minutes_pngs(Path(folder))
    print(f"wrote {len(list(OUT.glob('*.png')))} images to {OUT} and {len(list(MINUTES.glob('*.png')))} to {MINUTES}")


if __name__ == "__main__":
    main()
