#!/usr/bin/env bash
# The performance benchmark (bench/run.py): a throwaway PostgreSQL server, fresh
# databases of 1,000 and 20,000 students (or --sizes ...), the app under gunicorn,
# the main pages timed side by side; writes docs/performance.md. Takes about 10 minutes at the
# default sizes on 2 cores. Arguments go to bench/run.py (--sizes 1000 --quick).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || apt_install postgresql
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"
# Durable settings, as in production, with a little more memory than the default.
start_throwaway_pg "-c shared_buffers=256MB -c work_mem=16MB"
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export SECRET_KEY DEBUG=false HTTPS=false ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
export CONN_MAX_AGE=60
export MEDIA_ROOT="$PGDATA_DIR/media"
# The cache production uses on one server without CACHE_URL: a file cache (settings).
export CACHE_URL="${CACHE_URL:-file://$PGDATA_DIR/cache}"
# Static files as in production: collected once, served by WhiteNoise.
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" -m bench.run "$@"
