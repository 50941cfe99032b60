"""The one log setup of the command line and the GUI: unexpected errors, with their traceback, go to a
per-user log file (`app.config.log_path`) that rotates, so it never grows without bound."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.config import log_path

LOGGER = "kiemphieu"
MAX_BYTES = 1_000_000  # one file; when it is full it becomes kiemphieu.log.1, and so on
BACKUPS = 3

_logger = logging.getLogger(LOGGER)


def _file_handler(path: Path) -> RotatingFileHandler | None:
    """The rotating handler writing to `path`, added once (and moved when the per-user folder changed)."""
    for handler in list(_logger.handlers):
        if isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == path.resolve():
                return handler
            _logger.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    _logger.addHandler(handler)
    return handler


def log_unexpected(exc: BaseException) -> Path | None:
    """Write `exc` with its traceback to the log; the log's path, or None when it cannot be written."""
    path = log_path()
    handler = _file_handler(path)
    if handler is None:
        return None
    _logger.error("Lỗi không mong đợi", exc_info=exc)
    handler.flush()
    return path
