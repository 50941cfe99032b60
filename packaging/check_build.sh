#!/usr/bin/env bash
# Build the one-folder program and check that it starts offscreen and prints its version.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip install -q pyinstaller
.venv/bin/pyinstaller --noconfirm --distpath build/dist --workpath build/work packaging/kiemphieu.spec
QT_QPA_PLATFORM=offscreen build/dist/kiemphieu/kiemphieu gui --self-test
build/dist/kiemphieu/kiemphieu --version
demo="$(mktemp -d)/demo.kiemphieu"
build/dist/kiemphieu/kiemphieu demo "$demo" > /dev/null
build/dist/kiemphieu/kiemphieu tally "$demo" --poll bch --json > /dev/null
echo "build OK: $(du -sh build/dist/kiemphieu | cut -f1)"
