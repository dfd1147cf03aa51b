#!/usr/bin/env bash
# The whole test suite: lint, migrations check, and pytest (unit, views, concurrency,
# real Chromium with axe-core) twice, at the same time: on SQLite (a file, as the README's
# start path uses) and on a throwaway PostgreSQL server that this script starts and
# stops. It fails if either fails. Extra arguments go to both pytest runs (e.g. -k login
# -x); EAGI_TEST_DATABASES=sqlite (or postgresql) runs one of them only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# --- system packages the tests use -------------------------------------------------
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || need+=(postgresql)
command -v npm >/dev/null || need+=(nodejs npm)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v ps2pdf >/dev/null || need+=(ghostscript)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/sbin/slapd ] || need+=(slapd)
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# axe-core for the accessibility checks, and ncalayer-js-client (the app serves a copy
# of it, which the tests compare with this one), at the versions package-lock.json pins.
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] \
  || ! cmp -s tests/browser/node_modules/ncalayer-js-client/ncalayer-client.js \
    static/vendor/ncalayer-js-client/ncalayer-client.js; then
  say "Installing axe-core and ncalayer-js-client (tests/browser/package-lock.json)"
  (cd tests/browser && npm ci --silent --no-audit --no-fund >/dev/null)
fi

# --- a throwaway PostgreSQL server --------------------------------------------------
# Durability off: the data dies with the test run anyway.
source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"
start_throwaway_pg "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export SECRET_KEY
# The suite starts well over a hundred Python processes (manage.py, servers, workers):
# with the bytecode cache written by the first that imports a module (into the ignored
# __pycache__ folders) each starts in 0.6 s, not 1 s. Machines that set
# PYTHONDONTWRITEBYTECODE would compile every module again in every process.
unset PYTHONDONTWRITEBYTECODE
export DEBUG=false HTTPS=false ALLOWED_HOSTS="localhost,127.0.0.1,testserver"
export CONN_MAX_AGE=0
# Each pass its own cache (the two run at once); tests/eagi_inclusion/test_shared_cache.py starts Redis.
export CACHE_URL="locmem://"
# Queued work runs at once after the commit; tests/test_queued_work.py runs a real worker.
export TASKS_BACKEND=immediate
export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API beside the live server
export EAGI_CHROMIUM=/usr/bin/chromium

# --- checks, beside the two pytest passes ---------------------------------------
mkdir -p test-artifacts
# Instances both passes start from (the demo instance): made once, by the first pass
# that needs one (tests/conftest.py), afresh in every run.
rm -rf test-artifacts/templates
export EAGI_SHARED_TEMPLATES="$ROOT/test-artifacts/templates"
say "ruff, lint-imports, makemigrations --check (beside the tests: test-artifacts/checks.log)"
(
  set -e
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .
  PYTHONPATH="$ROOT" .venv/bin/lint-imports --no-cache || {
    echo "An import goes against the layers (pyproject.toml [tool.importlinter]; docs/architecture.md)."
    exit 1
  }
  "$PY" manage.py makemigrations --check --dry-run >/dev/null || {
    echo "A model change has no migration: run manage.py makemigrations and commit it."
    exit 1
  }
) >test-artifacts/checks.log 2>&1 &
checks_pid=$!
databases="${EAGI_TEST_DATABASES:-sqlite postgresql}"
# Tests that set up their own database or servers run in one pass only (tests/conftest.py).
[[ " $databases " == *" sqlite "* && " $databases " == *" postgresql "* ]] \
  && export EAGI_BOTH_PASSES=1
sqlite_status=0
postgresql_status=0
if [[ " $databases " == *" sqlite "* ]]; then
  say "pytest on SQLite (in the background: test-artifacts/pytest-sqlite.log)"
  (
    unset DATABASE_URL
    export EAGI_ARTIFACTS="$ROOT/test-artifacts/sqlite"
    "$PY" -m pytest --durations=15 "$@" >test-artifacts/pytest-sqlite.log 2>&1
  ) &
  sqlite_pid=$!
fi
if [[ " $databases " == *" postgresql "* ]]; then
  say "pytest on PostgreSQL"
  EAGI_ARTIFACTS="$ROOT/test-artifacts/postgresql" "$PY" -m pytest --durations=15 "$@" \
    || postgresql_status=$?
fi
if [ -n "${sqlite_pid:-}" ]; then
  wait "$sqlite_pid" || sqlite_status=$?
  say "pytest on SQLite (test-artifacts/pytest-sqlite.log)"
  # Its failures in full, then its slowest tests and its closing line.
  sed -n '/= FAILURES =\|= ERRORS =/,/slowest [0-9]* durations/p' test-artifacts/pytest-sqlite.log
  sed -n '/slowest [0-9]* durations/,$p' test-artifacts/pytest-sqlite.log
fi
checks_status=0
wait "$checks_pid" || checks_status=$?
if [ "$checks_status" -ne 0 ]; then
  say "ruff, lint-imports, makemigrations --check failed (test-artifacts/checks.log)"
  cat test-artifacts/checks.log
fi
say "checks: exit ${checks_status}; SQLite: exit ${sqlite_status}; PostgreSQL: exit ${postgresql_status}"
[ "$checks_status" -eq 0 ] && [ "$sqlite_status" -eq 0 ] && [ "$postgresql_status" -eq 0 ]
