#!/usr/bin/env bash
# Build the one-folder program and check that it starts offscreen and prints its version.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    echo "packaging/check_build.sh needs the quick-start venv (.venv): see README, Bắt đầu nhanh." >&2
    exit 1
fi
.venv/bin/pip install -q pyinstaller
.venv/bin/pyinstaller --noconfirm --distpath build/dist --workpath build/work packaging/kiemphieu.spec
QT_QPA_PLATFORM=offscreen build/dist/kiemphieu/kiemphieu gui --self-test
build/dist/kiemphieu/kiemphieu --version
# The translations: English for the app, Vietnamese for Qt's own dialogs (Qt ships none).
for qm in kiemphieu_en.qm qtbase_vi.qm; do
    [ -n "$(find build/dist/kiemphieu -path "*/resources/i18n/$qm" -size +0)" ] || { echo "no $qm in the build" >&2; exit 1; }
done
demo="$(mktemp -d)/demo.kiemphieu"
build/dist/kiemphieu/kiemphieu demo "$demo" > /dev/null
build/dist/kiemphieu/kiemphieu tally "$demo" --poll bch --json > /dev/null
# Scanning in the frozen program, with two worker processes (spawned through the same executable):
# print a test deck, render it to images and read them back; every page must be a test ballot, read.
out="$(dirname "$demo")"
build/dist/kiemphieu/kiemphieu print "$demo" --poll tin-nhiem --test-deck --out "$out/deck.pdf" > /dev/null
build/dist/kiemphieu/kiemphieu scan "$demo" "$out/deck.pdf" --workers 2 --json > "$out/scan.json"
.venv/bin/python - "$out/scan.json" <<'PY'
import json, sys
pages = json.load(open(sys.argv[1]))["pages"]
assert pages and all(p["outcome"] == "test" and p["readings"] for p in pages), pages
print(f"scan OK: {len(pages)} test-deck pages read by the frozen program")
PY
echo "build OK: $(du -sh build/dist/kiemphieu | cut -f1)"
