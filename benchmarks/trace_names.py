"""Every name row a benchmark read, joined to what is on its paper: how each reading saw it, and what the reader
decided. The way the reader's rules are measured before they are written (docs/recognition.md, stop 22).

    .venv/bin/python benchmarks/bench_voters.py --kinds strike --pages 600 --seed 65 --names --trace /tmp/t/v
    .venv/bin/python benchmarks/bench_strokes.py --seed 3 --names --trace /tmp/t/s
    .venv/bin/python benchmarks/trace_names.py /tmp/t/v                    # paper × state, per dpi and wear
    .venv/bin/python benchmarks/trace_names.py /tmp/t/s --paper pencil --state kept --show 20
    .venv/bin/python benchmarks/trace_names.py /tmp/t/v --paper '^kept' --state review --show 40 --wear moderate

The benchmarks' `--trace PREFIX` writes PREFIX-DPI.names.jsonl (the reader's, one line per name row read:
its serial, row, state, whether the fine reading was trusted on the page, whether a rule sent the name to a
person, and each reading's figures: plain, edges (without the halo), fine, thin and faint; see
app/recognition/reading._Line) and PREFIX-DPI.paper.jsonl (the benchmark's: the label of what is on the
paper, the page's file, dpi, wear and scan mode). A name row read twice (a page scanned again) keeps its last
reading.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

WAYS = ("plain", "edges", "fine", "thin", "faint")


def joined(prefix: Path) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(paper, reading) for every name row read, over every resolution the prefix has files for."""
    for paper_file in sorted(prefix.parent.glob(f"{prefix.name}-*.paper.jsonl")):
        names_file = Path(str(paper_file).replace(".paper.jsonl", ".names.jsonl"))
        read: dict[tuple[str, int], dict[str, Any]] = {}
        if names_file.exists():
            for line in names_file.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                read[(entry["serial"], entry["row"])] = entry
        for line in paper_file.read_text(encoding="utf-8").splitlines():
            paper = json.loads(line)
            reading = read.get((paper["serial"], paper["row"]))
            if reading is not None:
                yield paper, reading


def _way(line: dict[str, Any]) -> str:
    marks = "E" if line["ends"] else "e"
    marks += "B" if line["broken"] else ""
    marks += "A" if line["around"] else ""
    return (
        f"{line['share']:.2f}/{line['short']:.2f}/{marks} u{line['unseen_mm']:.0f} s{line['stray_mm']:.0f}"
        f" i{line['ink_share']:.2f} n{line.get('near_mm', 0.0):.1f}"
        f" L{line.get('lead_mm', 0.0):.1f} T{line.get('tail_mm', 0.0):.1f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("prefix", type=Path, help="the benchmark's --trace PREFIX")
    parser.add_argument("--paper", help="only names whose paper label matches this regular expression")
    parser.add_argument("--state", choices=("struck", "kept", "review"), help="only names the reader read so")
    parser.add_argument("--wear", help="only pages of this wear")
    parser.add_argument("--show", type=int, default=0, help="list this many names with each reading's figures")
    args = parser.parse_args(argv)
    pattern = re.compile(args.paper) if args.paper else None
    rows = [
        (paper, reading)
        for paper, reading in joined(args.prefix)
        if (pattern is None or pattern.search(paper["paper"]))
        and (args.state is None or reading["state"] == args.state)
        and (args.wear is None or paper["wear"] == args.wear)
    ]
    if not rows:
        print(f"no name rows: is {args.prefix}-DPI.paper.jsonl there, and does the filter match?")
        return
    counts: Counter[tuple[str, str]] = Counter((paper["paper"], reading["state"]) for paper, reading in rows)
    labels = sorted({label for label, _ in counts})
    width = max(len(label) for label in labels)
    print(f"{'paper':<{width}} {'struck':>7} {'review':>7} {'kept':>7}")
    for label in labels:
        print(f"{label:<{width}} " + " ".join(f"{counts[(label, state)]:>7}" for state in ("struck", "review", "kept")))
    if args.show:
        print(
            "\nshare/short/[E ends, B broken, A around] u unseen mm, s stray mm, i new ink share,"
            " n mm of columns with new ink over the name and 2.5 mm round it, L and T mm of the name before and after"
            " the crossing:"
        )
        print(f"  {'  |  '.join(WAYS)}")
        for paper, reading in rows[: args.show]:
            flags = ("T" if reading["trusted"] else "t") + ("D" if reading["doubted"] else "d")
            where = f"{paper['dpi']} {paper['wear']} {paper['mode']} {paper['file']} row {paper['row']}"
            print(f"{paper['paper']} → {reading['state']} {flags} ({where})")
            print("  " + "  |  ".join(_way(reading[way]) for way in WAYS))


if __name__ == "__main__":
    main()
