"""Entry point of the packaged program: the same `kiemphieu` command (GUI without arguments)."""

from ui.launcher import main

raise SystemExit(main())
