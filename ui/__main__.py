"""`python -m ui [FILE]` opens the window."""

from ui.launcher import main

raise SystemExit(main(["gui", *__import__("sys").argv[1:]]))
