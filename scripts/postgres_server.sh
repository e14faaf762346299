#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite.
#
#   bash scripts/postgres_server.sh start DIR   # prints the server's URL on stdout
#   bash scripts/postgres_server.sh stop DIR    # stops it and removes DIR
#
# `start` makes a new cluster in DIR (initdb), on a free loopback port, with durability off
# (fsync, synchronous commit, full-page writes: nothing in it outlives the run) and a
# Vietnamese ICU collation as an office server would have, so that any sorting that leans on
# the server's collation shows up. Debian's `postgresql` package is installed when no server
# binaries are found (checked once, apt-get only then). As root the server runs as the
# `postgres` user the package made: PostgreSQL refuses to run as root.
set -euo pipefail

action=${1:?start or stop}
dir=${2:?a folder for the cluster}

bindir() {
  local found
  if found=$(command -v initdb 2>/dev/null) && [ -x "$(dirname "$found")/pg_ctl" ]; then
    dirname "$found"
    return 0
  fi
  # Debian keeps each major version's programs off the PATH, newest wanted first.
  for found in $(ls -d ${POSTGRES_BIN_GLOB:-/usr/lib/postgresql/*/bin} 2>/dev/null | sort -V -r); do
    if [ -x "$found/initdb" ] && [ -x "$found/pg_ctl" ]; then
      echo "$found"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL's server programs (initdb, pg_ctl) are missing: install them." >&2
    exit 1
  fi
  echo "Installing system packages: postgresql" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Please install as root: apt-get install postgresql" >&2; exit 1; fi
  fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    postgresql >&2
}

# Run a server program as the cluster's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  local bin
  bin=$(bindir) || { install_postgres >&2; bin=$(bindir) || {
    echo "PostgreSQL's server programs are still missing after installing them." >&2; exit 1; }; }
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "No 'postgres' user to run the server as." >&2; exit 1; }
    chown postgres "$dir"
    runuser -u postgres -- test -x "$dir" || {
      echo "The postgres user cannot enter $dir: give a folder made by mktemp -d." >&2; exit 1; }
  fi
  chmod 700 "$dir"
  local password
  password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  printf '%s\n' "$password" > "$dir/password"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/password"
  # The Vietnamese ICU collation when this server has ICU (Debian's has); C otherwise.
  local locale_options=(--locale=C.UTF-8)
  if as_owner "$bin/initdb" --help | grep -q -- '--locale-provider'; then
    locale_options=(--locale=C.UTF-8 --locale-provider=icu --icu-locale=vi-VN)
  fi
  as_owner "$bin/initdb" -D "$dir/data" -U ledger --pwfile="$dir/password" \
    --auth=scram-sha-256 --encoding=UTF8 "${locale_options[@]}" --no-sync >"$dir/initdb.log" \
    2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  local port attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/data \
         -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
         -c max_connections=300 -c shared_buffers=64MB" >/dev/null; then
      echo "postgresql+psycopg://ledger:$password@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
}

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    local bin
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
