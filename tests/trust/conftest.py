"""The meeting files the trust tests start from: each built once per session, a fresh copy for each test (the
demo's as the GUI tests', from tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from realistic_meeting import PIN, Realistic, build_realistic


@pytest.fixture
def demo(demo_path: Path) -> Path:
    """A copy of the demo meeting file of its own (`demo.kiemphieu` in the test's folder; tests/conftest.py)."""
    return demo_path


@pytest.fixture
def original(demo: Path) -> Path:
    """The same copy, under the name the anchor and witness tests give the file they compare others with."""
    return demo


@pytest.fixture(scope="session")
def _realistic_built(tmp_path_factory: pytest.TempPathFactory) -> Realistic:
    path = tmp_path_factory.mktemp("realistic") / "demo.kiemphieu"
    return Realistic(path, build_realistic(path, PIN), PIN)


@pytest.fixture
def realistic(_realistic_built: Realistic, tmp_path: Path) -> Realistic:
    """A copy of the realistic meeting file of its own (`thuc-te.kiemphieu` in the test's folder)."""
    path = tmp_path / "thuc-te.kiemphieu"
    shutil.copyfile(_realistic_built.path, path)
    return Realistic(path, _realistic_built.pages, _realistic_built.pin)
