"""Benchmark: print 1,000 unique ballots of a 30-candidate election into one PDF (issue target: < 5 s).

Run on demand: `.venv/bin/python benchmarks/bench_print.py [--copies N]`. Prints its figures.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tomllib
from pathlib import Path

from app.services import meetings, printing
from app.services.spec import parse_spec

SPEC = """
[meeting]
title = "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2025–2030"
organization = "ĐẢNG BỘ TỈNH MẪU"
superior = "ĐẢNG CỘNG SẢN VIỆT NAM"
place = "Thành phố Mẫu"
date = 2025-10-01
[attendance]
convened = 1000
present = 1000
[[polls]]
id = "bch"
kind = "election"
title = "Bầu Ban Chấp hành Đảng bộ tỉnh khóa XVIII, nhiệm kỳ 2025–2030"
seats = 25
candidates = [{names}]
"""
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Phong",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trung",
    "Tuấn",
    "Yến",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=1000)
    args = parser.parse_args()
    names = ", ".join(f'"Nguyễn Thị Thanh {g}"' for g in GIVEN)
    spec = parse_spec(tomllib.loads(SPEC.replace("{names}", names)), "bench")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.kiemphieu"
        out = Path(folder) / "ballots.pdf"
        with meetings.create_meeting(path, spec, actor="bench") as meeting_file:
            started = time.perf_counter()
            report = printing.print_ballots(meeting_file, code="bch", copies=args.copies, out=out, actor="bench")
            elapsed = time.perf_counter() - started
        size = out.stat().st_size / 1e6
        print(
            f"print: {report.sheets} unique ballots × {report.pages_per_sheet} page(s), 30 candidates, "
            f"registry included: {elapsed:.2f} s ({1000 * elapsed / report.sheets:.2f} ms/ballot), "
            f"PDF {size:.1f} MB"
        )


if __name__ == "__main__":
    main()
