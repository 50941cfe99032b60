"""Project-level promises: the README's test command is what CI runs, the code is lint- and type-clean, and
it cites no document outside the repository (the import layers are tests/test_imports.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Bắt đầu nhanh", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quick_start, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    assert "kiemphieu gui --demo" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def _tool(name: str) -> list[str]:
    return [sys.executable, "-m", name]


@pytest.mark.skipif(os.environ.get("KIEMPHIEU_SKIP_LINT") == "1", reason="lint skipped on request")
def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "check", "app", "ui", "tools", "tests", "benchmarks", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(os.environ.get("KIEMPHIEU_SKIP_LINT") == "1", reason="lint skipped on request")
def test_mypy_strict_is_clean_on_the_core_and_the_tools() -> None:
    result = subprocess.run(_tool("mypy"), cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


_TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".sh", ".cfg", ".ini", ".mako", ".spec", ""}
_SKIP_DIRS = {".git", ".venv", "venv", "build", "dist", "__pycache__", ".mypy_cache", ".ruff_cache"}


def _repo_text_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        if any(part in _SKIP_DIRS for part in path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.suffix in _TEXT_SUFFIXES:
            files.append(path)
    return files


def test_no_file_cites_a_document_outside_the_repository() -> None:
    """Every Markdown file a file mentions is a file of this repository (the design lives in docs/)."""
    files = _repo_text_files()
    ours = {p.name for p in files if p.suffix == ".md"}
    cited = re.compile(r"(?<![\w-])([\w-]+\.md)\b")
    outside = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            outside += [f"{path.relative_to(ROOT)}:{number}: {m}" for m in cited.findall(line) if m not in ours]
    assert not outside, "\n".join(outside)
