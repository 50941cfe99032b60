"""Round trip: print a test deck with the app, rasterise it, disturb it as a scanner would, read the boxes back."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageFilter

from app.printing import ballot_code
from app.recognition.images import load_pages
from app.recognition.outcomes import Reason, ReasonCode
from app.recognition.reading import SheetReading, Unreadable, read_page
from app.services import printing
from app.store.orm import Meeting


@pytest.fixture(scope="module")
def deck(
    _example_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Image.Image], dict, list, Meeting]:
    import shutil

    from app.store.db import open_meeting_file

    folder = tmp_path_factory.mktemp("deck")
    path = folder / "m.kiemphieu"
    shutil.copyfile(_example_template, path)
    with open_meeting_file(path) as meeting_file:
        report = printing.print_ballots(
            meeting_file, code="danh-gia", copies=0, out=folder / "d.pdf", actor="t", test_deck=True
        )
        with meeting_file.reading() as session:
            meeting = session.scalar(__import__("sqlalchemy").select(Meeting))
    images = [page.image for page in load_pages(folder / "d.pdf")]  # as a scanned PDF would come in
    return images, report.template["pages"][0], list(report.expected), meeting


def _expected_marks(entry: dict) -> set[tuple[int, int]]:
    marks = set()
    for row, choice in enumerate(entry["choices"], start=1):
        for col in choice if isinstance(choice, list) else [choice]:
            if col:
                marks.add((row, col))
    return marks


def _scan(image: Image.Image, angle: float = 0.0, scale: float = 1.0, shift: tuple[int, int] = (0, 0)) -> Image.Image:
    out = image.convert("L")
    if scale != 1.0:
        out = out.resize((round(out.width * scale), round(out.height * scale)))
    if angle:
        out = out.rotate(angle, expand=True, fillcolor=235)
    canvas = Image.new("L", (out.width + 80, out.height + 80), 235)
    canvas.paste(out, (40 + shift[0], 40 + shift[1]))
    return canvas.filter(ImageFilter.GaussianBlur(0.7))


@pytest.mark.parametrize(
    ("angle", "scale", "shift"),
    [(0.0, 1.0, (0, 0)), (2.0, 0.98, (25, -15)), (-1.5, 1.02, (-30, 20)), (180.0, 1.0, (0, 0))],
)
def test_every_box_of_the_test_deck_reads_back(deck, angle: float, scale: float, shift: tuple[int, int]) -> None:
    images, page, expected, meeting = deck
    for image, entry in zip(images, expected, strict=True):
        reading = read_page(_scan(image, angle, scale, shift), page)
        assert isinstance(reading, SheetReading), reading
        decoded = ballot_code.decode(
            reading.code, fingerprint=ballot_code.fingerprint_bytes(meeting.fingerprint), secret=meeting.secret
        )
        assert decoded.code is not None
        assert decoded.code.serial == entry["serial"]
        marked = {(b.row, b.col) for b in reading.boxes if b.state == "marked"}
        assert marked == _expected_marks(entry), entry["label"]
        assert all(b.state != "review" for b in reading.boxes)


def test_a_page_without_its_corners_is_refused_not_guessed(deck) -> None:
    images, page, _, _ = deck
    cropped = images[0].crop((120, 120, images[0].width, images[0].height))  # the top-left mark is cut off
    result = read_page(cropped, page)
    assert isinstance(result, Unreadable)
    assert result.reason == Reason(ReasonCode.MARKS_MISSING)


def test_a_blank_page_is_unreadable(deck) -> None:
    _, page, _, _ = deck
    result = read_page(Image.new("L", (1654, 2339), 250), page)
    assert isinstance(result, Unreadable)
    assert result.reason == Reason(ReasonCode.NO_QR)


@pytest.fixture(scope="module")
def strike_deck(_example_template: Path, tmp_path_factory: pytest.TempPathFactory):
    import shutil

    from app.recognition.reading import Blank
    from app.store.db import open_meeting_file

    folder = tmp_path_factory.mktemp("strike")
    path = folder / "m.kiemphieu"
    shutil.copyfile(_example_template, path)
    with open_meeting_file(path) as meeting_file:
        report = printing.print_ballots(
            meeting_file, code="bch", copies=0, out=folder / "d.pdf", actor="t", test_deck=True
        )
        printing.print_ballots(meeting_file, code="bch", copies=1, out=folder / "blank.pdf", actor="t")
    deck_pdf = pypdfium2.PdfDocument(str(folder / "d.pdf"))
    images = [deck_pdf[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(len(deck_pdf))]
    blank_image = pypdfium2.PdfDocument(str(folder / "blank.pdf"))[0].render(scale=150 / 72, grayscale=True).to_pil()
    return images, report.template["pages"][0], list(report.expected), Blank(blank_image, 150)


@pytest.mark.parametrize(("angle", "scale", "shift"), [(0.0, 1.0, (0, 0)), (1.5, 0.99, (20, 10)), (180.0, 1.0, (0, 0))])
def test_struck_names_read_back(strike_deck, angle: float, scale: float, shift: tuple[int, int]) -> None:
    images, page, expected, blank = strike_deck
    for image, entry in zip(images, expected, strict=True):
        reading = read_page(_scan(image, angle, scale, shift), page, blank)
        assert isinstance(reading, SheetReading), reading
        struck = {n.row for n in reading.names if n.state == "struck"}
        assert struck == set(entry["struck"]), (entry["label"], [(n.row, round(n.coverage, 2)) for n in reading.names])
        assert all(n.state != "review" for n in reading.names), [
            (n.row, round(n.coverage, 2)) for n in reading.names if n.state == "review"
        ]
