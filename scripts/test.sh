#!/usr/bin/env bash
# The whole test suite, after installing whatever is missing (see scripts/bootstrap.sh):
# ruff, mypy, then pytest twice at the same time — on SQLite files, and on a throwaway
# PostgreSQL server started here (scripts/postgres_server.sh; Debian's `postgresql` package
# is installed when missing) and torn down at exit whatever happens. Each run's output is
# shown whole when both are done; arguments go to both pytest runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --packaging
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check desktop tests scripts benchmarks packaging
.venv/bin/mypy --strict --ignore-missing-imports desktop/models

work=$(mktemp -d)
server=$(mktemp -d)  # a folder of its own: the server's user must be able to enter it
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true  # the pytest runs, if stopped half-way
  wait 2>/dev/null || true
  bash scripts/postgres_server.sh stop "$server" || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
url=$(bash scripts/postgres_server.sh start "$server")

run() {  # engine, then pytest's arguments
  local engine=$1
  shift
  set +e
  # A run that hangs all the same (each test is also limited: pyproject's pytest timeout) is
  # stopped after 45 minutes, so its log is still shown well within CI's own limit.
  COMMUNE_LEDGER_TEST_POSTGRES="$url" timeout --kill-after=30 2700 \
    .venv/bin/python -m pytest --engine "$engine" \
    --basetemp "$work/$engine-tmp" "$@" >"$work/$engine.log" 2>&1
  local status=$?
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    echo "!!! the $engine run was stopped after 45 minutes" >>"$work/$engine.log"
  fi
  echo "$status" >"$work/$engine.status"
}
run sqlite "$@" &
run postgresql "$@" &
wait

failed=0
passed_total=0
failed_total=0
for engine in sqlite postgresql; do
  echo "=============================== $engine ==============================="
  cat "$work/$engine.log"
  status=$(cat "$work/$engine.status")
  # 5: nothing selected on this engine (tests of the other engine only were asked for).
  if [ "$status" != 0 ] && [ "$status" != 5 ]; then failed=1; fi
  summary=$(tail -n 1 "$work/$engine.log")
  passed_total=$((passed_total + $(echo "$summary" | grep -o '[0-9]* passed' | grep -o '[0-9]*' || echo 0)))
  failed_total=$((failed_total + $(echo "$summary" | grep -o '[0-9]* failed' | grep -o '[0-9]*' || echo 0)))
done
if [ "$(cat "$work/sqlite.status")" = 5 ] && [ "$(cat "$work/postgresql.status")" = 5 ]; then
  failed=1  # nothing ran at all
fi
echo "Both engines in $(( $(date +%s) - started )) s."
echo "total: $passed_total passed, $failed_total failed"
# The whole run (CI's) also freezes the app and tries it, window and installer script included
# (scripts/frozen_app.sh; ~15 s when the frozen folder is cached, ~1 min when it is built).
if [ "$failed" = 0 ] && [ $# -eq 0 ]; then
  bash scripts/frozen_app.sh
fi
exit "$failed"
