#!/usr/bin/env bash
# Opens Commune Ledger on a ready demo ledger (demo.sqlite, made on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --gui
[ -f demo.sqlite ] || .venv/bin/commune-ledger-cli --db demo.sqlite demo
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname -s)" = "Linux" ]; then
  echo "No screen here: starting the window on a virtual screen (Xvfb)."
  exec xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/commune-ledger --db demo.sqlite
fi
exec .venv/bin/commune-ledger --db demo.sqlite
