"""The worker processes of a scan batch: what their environment holds."""

from __future__ import annotations

import os

import pytest

from app.services.scanning import ingest


def _workers_setting() -> str | None:
    pool = ingest._start_pool(None, 1)  # type: ignore[arg-type]  # (no page is read: the context is not used)
    try:
        return pool.submit(os.getenv, "OPENBLAS_NUM_THREADS").result(timeout=120)
    finally:
        pool.shutdown(wait=True)


def test_each_scan_worker_runs_numpy_on_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # (two workers already fill two cores; OpenBLAS's own threads only spin: a fifth of a strike page's time)
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert _workers_setting() == "1"


def test_a_users_own_thread_setting_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    assert _workers_setting() == "3"
