"""The benchmarks' name trace (--trace): every name row read is written by the reader and joined to its paper."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import bench_voters
import trace_names

from app.recognition.pipeline import TRACE_ENV


def _run(tmp_path: Path, prefix: Path, seed: int, **more: Any) -> Any:
    """Six strike pages at 150 dpi, moderate wear, other names, read and traced to `prefix`."""
    return bench_voters.run(
        dpi=150,
        wears=["moderate"],
        pages=6,
        seed=seed,
        out=tmp_path / "out",
        gen_workers=1,
        workers=1,
        crops=False,
        kinds=("strike",),
        names=True,
        trace=prefix,
        **more,
    )


def test_every_name_row_read_is_traced_and_joined_to_its_paper(tmp_path: Path, capsys) -> None:
    prefix = tmp_path / "trace" / "v"
    prefix.parent.mkdir()
    result = _run(tmp_path, prefix, seed=5)
    assert TRACE_ENV not in os.environ  # the reader traces only while the benchmark reads
    rows = list(trace_names.joined(prefix))
    papers = (tmp_path / "trace" / "v-150.paper.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(papers) == sum(f.cells for f in result.by_kind.values())  # every name row, once
    states = Counter(reading["state"] for _, reading in rows)
    assert set(states) <= {"struck", "review", "kept"}, states
    assert states["struck"], states
    assert states["kept"], states
    for paper, reading in rows:
        assert (paper["serial"], paper["row"]) == (reading["serial"], reading["row"])
        for way in trace_names.WAYS:
            assert {"share", "short", "ends", "unseen_mm", "ink_share"} <= set(reading[way]), reading[way]
    # what the reader decided is what the benchmark counted: names to a person are its unsure name cells
    unsure = sum(f.cells_unsure for f in result.by_kind.values())
    assert states["review"] == unsure
    trace_names.main([str(prefix), "--state", "kept", "--show", "2"])
    shown = capsys.readouterr().out
    assert "plain  |  edges  |  fine  |  thin  |  faint" in shown
    assert "→ kept" in shown


def test_the_partial_strikes_run_strikes_every_unstruck_name_in_part(tmp_path: Path) -> None:
    """bench_voters --partials 1: every name row not struck out carries a line through part of it (the run that
    measures partial strikes, many a page); each partial band and start is drawn."""
    prefix = tmp_path / "trace" / "p"
    prefix.parent.mkdir()
    _run(tmp_path, prefix, seed=7, mix=bench_voters.Mix(partials=1.0))
    papers = [paper["paper"] for paper, _ in trace_names.joined(prefix)]
    assert papers
    assert all(p.startswith(("strike", "partial")) for p in papers), Counter(papers)
    partial = [p for p in papers if p.startswith("partial")]
    assert len(partial) >= len(papers) // 3, Counter(papers)
    assert len(set(partial)) >= 5, Counter(partial)
