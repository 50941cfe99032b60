"""The reading done in a worker process of a scan batch (app.services.scanning.ingest starts them).

Kept apart from the services so that a worker, started fresh by `spawn`, imports only the reader (numpy,
Pillow, zxing-cpp), not the storage and printing layers: each worker then starts in a fraction of the time.
"""

from __future__ import annotations

from pathlib import Path

from app.recognition.pipeline import Context, PageResult, recognise

_context: Context | None = None


def start(context: Context) -> None:
    """The worker's initialiser: the meeting's templates and keys, once per process."""
    global _context
    _context = context


def ready() -> bool:
    """Nothing: submitted once per worker at the batch's start, so the processes start while files are kept."""
    return True


def read(job: tuple[Path, int]) -> PageResult:
    """Read one page (file, page number) with the worker's context."""
    assert _context is not None, "the worker was started without its context"
    return recognise(job[0], job[1], _context)
