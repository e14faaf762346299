#!/usr/bin/env bash
# The frozen application, built with the Windows build's own spec (packaging/commune-ledger.spec)
# and tried as a clerk would use it — so the spec's contents are proved on every CI run:
#
#   1. PyInstaller freezes the app into one folder. The folder is cached, keyed by a hash of
#      everything that goes into it (the package, the spec, pyproject, the versions of Python,
#      PyInstaller and PySide6), so an unchanged tree is not frozen again.
#   2. Its command line, in a folder and on a ledger whose names have Vietnamese letters and
#      spaces: `demo`, `check`, `print passbooks` → a PDF whose text is Vietnamese (signed in
#      as the demo's administrator, admin / admin-demo).
#   3. Its window, on a virtual screen (Xvfb): the demo's administrator signs in with real
#      keys, then it must open the ledger (the title names the commune) and close on Ctrl+Q
#      with exit status 0. Without Xvfb, Qt's offscreen screen.
#   4. installer.nsi compiled by makensis -WX over the frozen folder, so the script can never
#      rot (a warning is an error).
#
# Run by scripts/test.sh (so by CI) after the tests; alone: bash scripts/frozen_app.sh
set -euo pipefail
cd "$(dirname "$0")/.."
began=$(date +%s)
python=.venv/bin/python
[ -x "$python" ] || bash scripts/bootstrap.sh --packaging
"$python" -c "import PyInstaller" 2>/dev/null || bash scripts/bootstrap.sh --packaging

say() { printf 'frozen app: %s\n' "$*"; }
fail() { printf 'frozen app: FAILED: %s\n' "$*" >&2; exit 1; }

# -- 1. build, or take the cached build ----------------------------------------------------------
key=$( {
  find desktop packaging -type f \( -name '*.py' -o -name '*.po' -o -name '*.ttf' \
    -o -name '*.txt' -o -name '*.md' -o -name '*.mako' -o -name '*.ini' -o -name '*.pdf' \
    -o -name '*.spec' \) -not -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha1sum
  sha1sum pyproject.toml
  "$python" -c "import sys, PyInstaller, PySide6; print(sys.version, PyInstaller.__version__, \
PySide6.__version__)"
} | sha1sum | cut -c1-16)
cache=${COMMUNE_LEDGER_FREEZE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/commune-ledger/frozen}
app="$cache/$key/commune-ledger"
if [ -x "$app/commune-ledger-cli" ]; then
  say "cached build $key"
else
  say "building with packaging/commune-ledger.spec ($key)"
  work="$cache/$key.partial"
  rm -rf "$work"
  mkdir -p "$work"
  if ! "$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$work/dist" \
      --workpath "$work/build" packaging/commune-ledger.spec > "$work/pyinstaller.log" 2>&1; then
    tail -40 "$work/pyinstaller.log" >&2
    fail "PyInstaller could not build the app (log: $work/pyinstaller.log)"
  fi
  # Only the newest build is kept; it appears whole or not at all.
  find "$cache" -mindepth 1 -maxdepth 1 ! -name "$key.partial" -exec rm -rf {} +
  mkdir -p "$cache/$key"
  mv "$work/dist/commune-ledger" "$app"
  rm -rf "$work"
fi
built=$(date +%s)
say "folder size $(du -sh "$app" | cut -f1) ($(find "$app" -type f | wc -l) files)"

# -- 2. the command line -----------------------------------------------------------------------
trial=$(mktemp -d)
trap 'rm -rf "$trial"' EXIT
folder="$trial/Tài liệu của Hương"
mkdir -p "$folder"
ledger="$folder/Sổ quỹ xã.soquy"
export COMMUNE_LEDGER_CONFIG_DIR="$trial/cấu hình" XDG_DATA_HOME="$trial/data"
unset COMMUNE_LEDGER_LANG PYTHONPATH
# The commands sign in as the demo's administrator; the window asks with its own dialog.
export COMMUNE_LEDGER_USER=admin COMMUNE_LEDGER_PASSWORD=admin-demo
cli="$app/commune-ledger-cli"
out=$("$cli" --db "$ledger" demo) || fail "demo: $out"
case "$out" in *"Đã tạo sổ dữ liệu mẫu"*) ;; *) fail "demo did not speak Vietnamese: $out" ;; esac
out=$("$cli" --db "$ledger" check) || fail "check: $out"
case "$out" in *"Sổ dữ liệu đúng"*) ;; *) fail "check: $out" ;; esac
pdf="$folder/Sổ thành viên TKVV01.pdf"
"$cli" --db "$ledger" print passbooks TKVV01 --out "$pdf" > /dev/null || fail "print passbooks"
"$python" - "$pdf" <<'EOF' || fail "the passbooks' PDF is not Vietnamese"
import sys
from pypdf import PdfReader
text = "\n".join(page.extract_text() for page in PdfReader(sys.argv[1]).pages[:3])
assert "SỔ THÀNH VIÊN" in text.upper() and "tiết kiệm" in text.lower(), text[:400]
EOF
say "command line: demo, check, print passbooks → Vietnamese PDF"

# -- 3. the window -----------------------------------------------------------------------------
window_script='
"$1" --db "$2" &
pid=$!
for attempt in $(seq 1 240); do
  asked=$(xdotool search --name "^Đăng nhập" 2>/dev/null | head -1 || true)
  [ -n "$asked" ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.25
done
if [ -z "$asked" ]; then kill $pid 2>/dev/null; echo "no sign-in dialog" >&2; exit 1; fi
xdotool windowfocus --sync "$asked" type --delay 20 "$COMMUNE_LEDGER_USER"
xdotool key --delay 20 Tab
xdotool type --delay 20 "$COMMUNE_LEDGER_PASSWORD"
xdotool key Return
for attempt in $(seq 1 240); do
  id=$(xdotool search --name "Xã Yên Bình" 2>/dev/null | head -1 || true)
  [ -n "$id" ] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.25
done
if [ -z "$id" ]; then kill $pid 2>/dev/null; echo "no window with the ledger open" >&2; exit 1; fi
xdotool getwindowname "$id"
xdotool windowfocus --sync "$id" key ctrl+q
wait $pid
'
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
  title=$(env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1366x768x24" \
    bash -c "$window_script" window \
    "$app/commune-ledger" "$ledger") || fail "the window (Xvfb): $title"
  say "window under Xvfb: \"$title\", closed with Ctrl+Q"
else
  # No virtual screen here: Qt's offscreen screen shows the window started and stays up.
  QT_QPA_PLATFORM=offscreen "$app/commune-ledger" --db "$ledger" &
  pid=$!
  for attempt in $(seq 1 120); do
    grep -q "started" "$COMMUNE_LEDGER_CONFIG_DIR/commune-ledger.log" 2>/dev/null && break
    sleep 0.25
  done
  kill -0 $pid 2>/dev/null || fail "the window stopped at once (offscreen)"
  kill $pid
  say "window started offscreen (no Xvfb here)"
fi
version=$("$python" -c "import desktop; print(desktop.__version__)")
grep -q "Commune Ledger $version (frozen)" "$COMMUNE_LEDGER_CONFIG_DIR/commune-ledger.log" \
  || fail "the log does not name the frozen build $version"

# -- 4. the installer script -------------------------------------------------------------------
if command -v makensis >/dev/null; then
  makensis -WX -V2 -DSTORE_ONLY -DVERSION="$version" -DPAYLOAD="$app" \
    -DOUTFILE="$trial/commune-ledger-$version-setup.exe" installer.nsi > "$trial/nsis.log" 2>&1 \
    || { cat "$trial/nsis.log" >&2; fail "makensis -WX installer.nsi"; }
  say "installer.nsi compiled over the frozen folder, files stored ($(du -h "$trial/commune-ledger-$version-setup.exe" | cut -f1))"
else
  fail "makensis is missing (bash scripts/bootstrap.sh --packaging installs it)"
fi
done_at=$(date +%s)
say "took $((done_at - began)) s (build or cache $((built - began)) s, trials $((done_at - built)) s)"
