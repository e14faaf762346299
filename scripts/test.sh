#!/usr/bin/env bash
# The whole test suite, after installing whatever is missing (see scripts/bootstrap.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --packaging
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check desktop tests scripts benchmarks packaging
.venv/bin/mypy --strict --ignore-missing-imports desktop/models
.venv/bin/python -m pytest "$@"
# The whole run (CI's) also freezes the app and tries it, window and installer script included
# (scripts/frozen_app.sh; ~15 s when the frozen folder is cached, ~1 min when it is built).
if [ $# -eq 0 ]; then
  bash scripts/frozen_app.sh
fi
