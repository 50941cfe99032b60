"""The test deck: pre-marked test ballots that exercise every option and every validity rule.

A deck is printed with the test flag in its QR codes, so its sheets never count; scanning it on
the committee's own printer and scanner shows the readings match (VxSuite test decks,
docs/regulations.md §7). Pure: the marks are plain Ballots, drawn by ballot_pdf.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.rules.model import Ballot, Layout, PollDef


@dataclass(frozen=True)
class DeckSheet:
    """One test ballot: what it tests, the marks printed on it, and whether it is left unstamped."""

    label: str
    ballot: Ballot
    unstamped: bool = False


def build_deck(poll: PollDef) -> list[DeckSheet]:
    """Sheets that mark every option at least once, plus blank, over-limit, all-struck and unstamped ones."""
    n = len(poll.items)
    layout = poll.layout
    sheets: list[DeckSheet] = []
    if layout is Layout.STRIKE:
        drop = n - poll.seats
        for k in range(-(-n // max(drop, 1))):
            struck = frozenset(((k * drop + i) % n) + 1 for i in range(drop))
            sheets.append(DeckSheet(f"gạch {drop} tên (hợp lệ)", Ballot(key="", struck=struck)))
        sheets.append(DeckSheet("không gạch tên nào (bầu quá số lượng)", Ballot(key="")))
        sheets.append(DeckSheet("gạch hết tên", Ballot(key="", struck=frozenset(range(1, n + 1)))))
        if drop > 1:
            sheets.append(DeckSheet("gạch ít hơn số dư (bầu quá số lượng)", Ballot(key="", struck=frozenset({1}))))
        sheets.append(
            DeckSheet(
                "KHÔNG ĐÓNG DẤU phiếu này",
                Ballot(key="", struck=frozenset(range(1, drop + 1))),
                unstamped=True,
            )
        )
    elif layout in (Layout.GRID, Layout.SINGLE):
        ncols = len(poll.columns)
        for k in range(ncols):
            choices = tuple(frozenset({((row + k) % ncols) + 1}) for row in range(n))
            sheets.append(DeckSheet(f"mỗi dòng một dấu (lượt {k + 1})", Ballot(key="", choices=choices)))
        sheets.append(DeckSheet("để trống", Ballot(key="", choices=tuple(frozenset() for _ in range(n)))))
        both = (frozenset({1, 2}), *(frozenset({1}) for _ in range(n - 1)))
        sheets.append(DeckSheet("dòng 1 đánh dấu hai ô", Ballot(key="", choices=both)))
        sheets.append(
            DeckSheet(
                "KHÔNG ĐÓNG DẤU phiếu này",
                Ballot(key="", choices=tuple(frozenset({1}) for _ in range(n))),
                unstamped=True,
            )
        )
    elif layout is Layout.SCORES:
        full = tuple(tuple(c.max_halves for c in poll.criteria) for _ in range(n))
        half = tuple(tuple(c.max_halves // 2 + 1 for c in poll.criteria) for _ in range(n))
        sheets.append(DeckSheet("điểm tối đa", Ballot(key="", scores=full)))
        sheets.append(DeckSheet("điểm có nửa điểm", Ballot(key="", scores=half)))
        blank = tuple(tuple(None for _ in poll.criteria) for _ in range(n))
        sheets.append(DeckSheet("để trống", Ballot(key="", scores=blank)))
        over = tuple(tuple(c.max_halves + 10 for c in poll.criteria) for _ in range(n))
        sheets.append(DeckSheet("điểm vượt mức tối đa", Ballot(key="", scores=over)))
        sheets.append(DeckSheet("KHÔNG ĐÓNG DẤU phiếu này", Ballot(key="", scores=full), unstamped=True))
    else:
        names = [i.name for i in poll.items] or ["Nguyễn Văn Thử", "Trần Thị Mẫu"]
        picked = tuple(names[i % len(names)] for i in range(poll.seats))
        sheets.append(DeckSheet("ghi đủ số tên", Ballot(key="", names=picked)))
        sheets.append(DeckSheet("để trống", Ballot(key="")))
        sheets.append(DeckSheet("tên ngoài danh sách", Ballot(key="", names=("Người Ngoài Danh Sách",))))
        sheets.append(DeckSheet("KHÔNG ĐÓNG DẤU phiếu này", Ballot(key="", names=picked[:1]), unstamped=True))
    return sheets
