#!/usr/bin/env bash
# Everything Commune Ledger needs on a fresh Debian/Ubuntu machine, installed only when missing:
# the system libraries Qt loads (plus Xvfb with `--gui` on a machine without a screen), a
# virtual environment in .venv and the Python packages of pyproject.toml. `--packaging` adds
# what building and trying the Windows delivery needs here (scripts/frozen_app.sh): NSIS's
# makensis, and Xvfb, xauth and xdotool to open the frozen window on a virtual screen.
set -euo pipefail
cd "$(dirname "$0")/.."

want_gui=0
want_packaging=0
for option in "$@"; do
  case "$option" in
    --gui) want_gui=1 ;;
    --packaging) want_gui=1; want_packaging=1 ;;
  esac
done

# library file → Debian package
qt_libs="libglib-2.0.so.0:libglib2.0-0 libGL.so.1:libgl1 libEGL.so.1:libegl1
libdbus-1.so.3:libdbus-1-3 libfontconfig.so.1:libfontconfig1 libxkbcommon.so.0:libxkbcommon0"
gui_libs="libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
libxcb-image.so.0:libxcb-image0 libxcb-keysyms.so.1:libxcb-keysyms1
libxcb-render-util.so.0:libxcb-render-util0 libxcb-shape.so.0:libxcb-shape0
libxcb-xkb.so.1:libxcb-xkb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0"

missing=""
# The linker's cache, read once. Not `ldconfig -p | grep -q LIB` per library: under pipefail,
# grep's early exit kills ldconfig with SIGPIPE and the pipeline says "missing" for a library
# that is there, so apt-get ran on every launch.
ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
libraries=$("$ldconfig" -p 2>/dev/null || true)
has_library() {
  if [ -n "$libraries" ]; then
    case "$libraries" in *"$1 ("*) return 0 ;; esac
    return 1
  fi
  # No cache to ask (no ldconfig here): look in the usual library folders.
  for folder in /lib /lib64 /usr/lib /usr/lib64 /lib/*-linux-gnu /usr/lib/*-linux-gnu; do
    [ -e "$folder/$1" ] && return 0
  done
  return 1
}
check() {
  for pair in $1; do
    lib=${pair%%:*}; pkg=${pair##*:}
    has_library "$lib" || missing="$missing $pkg"
  done
}
if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1; then
  check "$qt_libs"
  if [ "$want_gui" = 1 ]; then
    check "$gui_libs"
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$want_packaging" = 1 ]; then
      command -v xvfb-run >/dev/null 2>&1 || missing="$missing xvfb xauth"
    fi
  fi
  if [ "$want_packaging" = 1 ]; then
    command -v makensis >/dev/null 2>&1 || missing="$missing nsis"
    command -v xdotool >/dev/null 2>&1 || missing="$missing xdotool"
  fi
  python3 -c "import ensurepip, venv" 2>/dev/null || missing="$missing python3-venv"
  if [ -n "$missing" ]; then
    echo "Installing system packages:$missing"
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
      echo "Please install as root: apt-get install$missing" >&2; exit 1; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
  fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,freeze]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
