#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store conformance suite.
#
#   eval "$(.ci/postgres.sh)"        # install if needed, start, print the DSN
#   .ci/postgres.sh stop             # stop the server and remove its data
#
# It installs PostgreSQL from Debian's packages when no server binaries are
# present, initialises a cluster in a data directory of its own (never the
# distribution's "main" cluster), starts it on 127.0.0.1 only, creates a user
# and a database, and prints one line on stdout:
#
#   export TRIANGULATE_TEST_POSTGRES=postgres://…
#
# Everything else goes to stderr, so the output can be eval'd. Running it
# again while the server runs only prints the line again. Settings, all
# optional: TRIANGULATE_PG_DIR (data directory, default
# /tmp/triangulate-pg), TRIANGULATE_PG_PORT (default 55432).
#
# The cluster trades durability for speed (fsync off): it holds test data
# only and is thrown away.
set -euo pipefail

dir="${TRIANGULATE_PG_DIR:-/tmp/triangulate-pg}"
port="${TRIANGULATE_PG_PORT:-55432}"
user=triangulate
password=triangulate
db=triangulate

log() { echo "postgres.sh: $*" >&2; }

pgbin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

# as_owner runs a command as the user that owns the cluster: postgres when we
# are root (the server refuses to run as root), ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

bin="$(pgbin || true)"

if [ "${1:-}" = stop ]; then
  if [ -n "$bin" ] && [ -f "$dir/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
  log "stopped; removed $dir"
  exit 0
fi

if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and installing it needs root"
    exit 1
  fi
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  bin="$(pgbin || true)"
  if [ -z "$bin" ]; then
    log "postgresql installed but no pg_ctl under /usr/lib/postgresql/*/bin"
    exit 1
  fi
fi

if [ ! -f "$dir/PG_VERSION" ]; then
  log "initialising a cluster in $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
  fi
  chmod 700 "$dir"
  # Local (socket) connections are trusted so that this script can create
  # the user; TCP connections need the password.
  as_owner "$bin/initdb" -D "$dir" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >&2
fi

if ! as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  log "starting the server on 127.0.0.1:$port"
  # The socket lives in the data directory: /var/run/postgresql may not
  # exist (no service was started) or belong to another cluster.
  as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >&2 || { cat "$dir/server.log" >&2 || true; exit 1; }
fi

psql() { as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres "$@"; }

if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]; then
  psql -d postgres -c "CREATE ROLE $user LOGIN PASSWORD '$password'" >&2
fi
if [ "$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
  psql -d postgres -c "CREATE DATABASE $db OWNER $user" >&2
fi

echo "export TRIANGULATE_TEST_POSTGRES=postgres://$user:$password@127.0.0.1:$port/$db?sslmode=disable"
