"""Scanning returned ballots: files and folders of scanned pages in, counted ballots and a review queue out.

Each page is read in a worker (app.recognition.pipeline: QR, alignment, ink per region) and then stored in
its own transaction together with its audit entry: a page read with certainty becomes a ballot (source
"scan") through the same `store_ballot` as keyed entry, so the same rejections apply; a page with anything
uncertain waits in the review queue for a person; every other page is kept with its outcome (blank back,
unreadable, foreign, duplicate, unissued, test, closed) and reported — never skipped. Outcomes, statuses and
reasons are typed values (app.recognition.outcomes); words are made by the caller (app.recognition.words,
or the GUI's tr).

The scanned file itself is copied beside the meeting file (`<name>.scans/<sha256>.<ext>`) before any page
of it is stored, so every page can be shown again, recounted and archived. A page already stored (same file
bytes, same page) is reported as a duplicate and left alone: a re-run, or a watched folder, never overwrites
what a person decided.

One module per job:

* `kept` — the kept copies of scanned files and their SHA-256;
* `ingest` — `scan_files`: the worker processes and the batch;
* `storage` — the register checks, storing a page, counting a complete sheet, and the one typed reader and
  writer of the stored page's JSON columns;
* `review` — the review queue and a person's decisions;
* `folder` — watching a scanner's folder;
* `deck` — checking a scanned test deck against its expected readings;
* `annex` — the pages a person decided, as the minutes' annex lists them.
"""

# The package's public surface, for callers that take it whole (`from app.services import scanning`): code in
# flight elsewhere (benchmarks, new tests) calls `scanning.scan_files`. Callers here import by job.
from app.services.scanning.annex import ReviewedRow, describe_decision, reviewed_rows
from app.services.scanning.deck import DeckCheck, DeckVerdict, check_test_deck
from app.services.scanning.folder import FolderWatch, watch
from app.services.scanning.ingest import ScanReport, build_context, scan_files
from app.services.scanning.kept import file_sha256, scans_folder, stored_file
from app.services.scanning.review import (
    Crop,
    QueueItem,
    ReviewPage,
    decide,
    decide_cells,
    dismiss,
    option_cells,
    poll_columns,
    review_page,
    review_queue,
    stored_totals,
    uncertain_options,
    unfinished,
)
from app.services.scanning.storage import Decision, PageOutcome

__all__ = [
    "Crop",
    "Decision",
    "DeckCheck",
    "DeckVerdict",
    "FolderWatch",
    "PageOutcome",
    "QueueItem",
    "ReviewPage",
    "ReviewedRow",
    "ScanReport",
    "build_context",
    "check_test_deck",
    "decide",
    "decide_cells",
    "describe_decision",
    "dismiss",
    "file_sha256",
    "option_cells",
    "poll_columns",
    "review_page",
    "review_queue",
    "reviewed_rows",
    "scan_files",
    "scans_folder",
    "stored_file",
    "stored_totals",
    "uncertain_options",
    "unfinished",
    "watch",
]
