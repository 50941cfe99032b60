"""Issue #14: minutes, backup and archive are written under a temporary name and renamed when complete. A run
killed (SIGKILL) just before the rename leaves no file under the final name; the next run removes the leftover
and succeeds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services.demo import build_demo

ROOT = Path(__file__).resolve().parents[2]
# The child runs the real command and stops for good at the rename, where the test kills it.
CHILD = """
import os, sys, time
real = os.replace
def stop(source, target):
    if os.path.basename(target) != os.environ["FINAL_NAME"]:
        return real(source, target)
    print("ready", flush=True)
    time.sleep(120)
os.replace = stop
from app.cli import main
main(sys.argv[1:])
"""


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "demo.kiemphieu"
    build_demo(path).close()
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("command", ["backup", "archive", "minutes"])
def test_a_run_killed_before_the_rename_leaves_nothing_under_the_final_name(
    demo_template: Path, tmp_path: Path, command: str
) -> None:
    meeting = tmp_path / "demo.kiemphieu"
    shutil.copyfile(demo_template, meeting)
    final = tmp_path / {"backup": "sao-luu.kiemphieu", "archive": "luu-tru.zip", "minutes": "bien-ban.pdf"}[command]
    args = {
        "backup": ["backup", str(meeting), str(final)],
        "archive": ["archive", str(meeting), str(final)],
        "minutes": ["minutes", str(meeting), "--poll", "bch", "--pdf", str(final)],
    }[command]
    env = {**os.environ, "KIEMPHIEU_OPERATOR": "kiem-thu", "PYTHONPATH": str(ROOT), "FINAL_NAME": final.name}
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert not final.exists()
    assert list(tmp_path.glob(f".{final.name}.*.tmp"))
    assert main(args) == 0
    assert final.exists()
    assert not list(tmp_path.glob(f".{final.name}.*.tmp*"))
