#!/usr/bin/env bash
# The whole test suite: lint, migrations check, and pytest (unit, views, PostgreSQL
# concurrency, real Chromium with axe-core) against a throwaway PostgreSQL server that
# this script starts and stops. Extra arguments go to pytest (e.g. -k login -x).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# --- system packages the tests use -------------------------------------------------
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || need+=(postgresql)
command -v npm >/dev/null || need+=(nodejs npm)
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# axe-core for the accessibility checks, at the version package-lock.json pins.
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  say "Installing axe-core (tests/browser/package-lock.json)"
  (cd tests/browser && npm ci --silent --no-audit --no-fund >/dev/null)
fi

# --- a throwaway PostgreSQL server --------------------------------------------------
PGDATA_DIR="$(mktemp -d /tmp/eagi-pg.XXXXXX)"
PG_PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: run it as the postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$PGDATA_DIR"
  as_pg=(runuser -u postgres --)
fi
stop_pg() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
}
trap stop_pg EXIT
say "Starting a throwaway PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on port $PG_PORT"
"${as_pg[@]}" "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -w -l "$PGDATA_DIR/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDATA_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres eagi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/eagi"
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export SECRET_KEY
export DEBUG=false HTTPS=false ALLOWED_HOSTS="localhost,127.0.0.1,testserver"
export CONN_MAX_AGE=0
export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API beside the live server
export EAGI_CHROMIUM=/usr/bin/chromium

# --- checks ----------------------------------------------------------------------
say "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
say "makemigrations --check"
"$PY" manage.py makemigrations --check --dry-run >/dev/null \
  || die "A model change has no migration: run manage.py makemigrations and commit it."
say "pytest"
"$PY" -m pytest "$@"
