#!/usr/bin/env bash
# The load test (bench/load.py): a throwaway PostgreSQL, a data set, the app under
# gunicorn, every role at once for a set time, then the data's invariants.
#   bash scripts/load.sh --users 50 --minutes 10
#   bash scripts/load.sh --users 50 --minutes 3 --restart-db-at 60
#   bash scripts/load.sh --users 50 --minutes 10 --servers 2   # two gunicorns, one Redis
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || apt_install postgresql
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"
start_throwaway_pg "-c shared_buffers=256MB"
export AS_PG="${as_pg[*]:-}"
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export SECRET_KEY DEBUG=false HTTPS=false ALLOWED_HOSTS="127.0.0.1,localhost"
export CONN_MAX_AGE=0 MEDIA_ROOT="$PGDATA_DIR/media"
# The workers share one cache, as in production on one server (settings: CACHE_URL).
export CACHE_URL="${CACHE_URL:-file://$PGDATA_DIR/cache}"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export TASKS_BACKEND=database  # bench/load.py runs a worker, as production does
# Several servers share one Redis cache (docs/deployment.md §11), started here.
servers=1
args=("$@")
for i in "${!args[@]}"; do
  [ "${args[$i]}" = "--servers" ] && servers="${args[$((i + 1))]}"
done
if [ "$servers" -gt 1 ]; then
  command -v redis-server >/dev/null || apt_install redis-server
  redis_port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$PGDATA_DIR/redis.pid" >/dev/null
  trap 'kill "$(cat "$PGDATA_DIR/redis.pid")" 2>/dev/null || true; stop_pg' EXIT
  export CACHE_URL="redis://127.0.0.1:$redis_port/0"
fi
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" -m bench.load "$@"
