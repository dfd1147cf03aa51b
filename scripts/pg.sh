# Sourced by test.sh and bench.sh after setup.sh (which sets PY, say): start a
# throwaway PostgreSQL server, export DATABASE_URL to its database "eagi", and stop it
# and delete its files when the calling script exits. Needs PG_BIN.
# PostgreSQL refuses to run as root; as root it runs as the postgres user.

start_throwaway_pg() {
  local extra_options="${1:-}"
  PGDATA_DIR="$(mktemp -d /tmp/eagi-pg.XXXXXX)"
  PG_PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PGDATA_DIR"
    as_pg=(runuser -u postgres --)
  fi
  trap stop_pg EXIT
  say "Starting a throwaway PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on port $PG_PORT"
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PGDATA_DIR/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -w -l "$PGDATA_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDATA_DIR -c max_connections=200 $extra_options" \
    start >/dev/null
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres eagi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/eagi"
  export PG_BIN PGDATA_DIR PG_PORT
}

stop_pg() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_DIR"
}
