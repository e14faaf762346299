#!/usr/bin/env bash
# The whole test suite, after installing whatever is missing (see scripts/bootstrap.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check desktop tests scripts benchmarks
.venv/bin/mypy --strict --ignore-missing-imports desktop/models
.venv/bin/python -m pytest "$@"
