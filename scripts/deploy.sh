#!/usr/bin/env bash
# Install or upgrade EAGI Inclusion on one Debian 12 / Ubuntu 24.04 server, as
# docs/deployment.md describes it: run as root from the app tree (a clone owned by the
# app's user, /srv/eagi/app by default). Every step can run again and changes only what
# is missing or out of date; `bash scripts/deploy.sh STEP...` runs some of them.
#
#   packages  Debian packages: Python, venv, the compiler and headers python-ldap needs,
#             PostgreSQL's client, gettext, the fonts the forms use
#   user      the system user (eagi) that runs the app, and its home
#   folders   media, backups and var (cache, runtime state), owned by that user; the
#             configuration folder (/etc/eagi), owned by root
#   venv      .venv with the system's own python3 and requirements.lock (not the
#             tests' requirements-dev.lock), and the compiled translations — as the
#             app's user (scripts/setup.sh)
#   env       /etc/eagi/env on the first run (secret key and backup key generated);
#             later runs check that it is well formed and never change it
#   manage    /usr/local/bin/eagi-manage: manage.py as the app's user, with /etc/eagi/env
#   migrate   migrations, as the app's user
#   static    collectstatic into the app tree, as the app's user
#   units     the systemd units: the app (gunicorn), the task worker, the daily jobs'
#             and the nightly backup's timers; enabled and started where systemd runs
#   check     manage.py check --deploy, and /healthz when the app runs
#
# The first run needs (in the environment, or asked nothing: it stops and names them)
#   EAGI_SITE_URL      https://inclusion.eagi.kz — the public address
#   EAGI_DATABASE_URL  postgres://eagi:PASSWORD@localhost:5432/eagi
# and takes, with these defaults,
#   EAGI_USER=eagi  EAGI_HOME=/srv/eagi  EAGI_ETC=/etc/eagi  EAGI_PYTHON=/usr/bin/python3
#   EAGI_BIND=127.0.0.1:8000  EAGI_WORKERS=3  EAGI_SYSTEMD_DIR=/etc/systemd/system
#   EAGI_BIN_DIR=/usr/local/bin  EAGI_EMAIL_HOST (empty: set mail later in /etc/eagi/env)
set -euo pipefail
APP="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

EAGI_USER="${EAGI_USER:-eagi}"
EAGI_HOME="${EAGI_HOME:-/srv/eagi}"
EAGI_ETC="${EAGI_ETC:-/etc/eagi}"
EAGI_PYTHON="${EAGI_PYTHON:-/usr/bin/python3}"
EAGI_BIND="${EAGI_BIND:-127.0.0.1:8000}"
EAGI_WORKERS="${EAGI_WORKERS:-3}"
EAGI_SYSTEMD_DIR="${EAGI_SYSTEMD_DIR:-/etc/systemd/system}"
EAGI_BIN_DIR="${EAGI_BIN_DIR:-/usr/local/bin}"
ENV_FILE="$EAGI_ETC/env"
MANAGE="$EAGI_BIN_DIR/eagi-manage"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "Run this as root (it creates a user, folders and systemd units): sudo bash scripts/deploy.sh"

as_app() { runuser -u "$EAGI_USER" -- "$@"; }

# Debian 12's own package names; Ubuntu 24.04 has the same.
PACKAGES=(python3 python3-venv python3-dev build-essential libldap2-dev libsasl2-dev
  postgresql-client gettext fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 git)

step_packages() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "packages: all installed"
    return
  fi
  local wait="${APT_LOCK_WAIT:-600}"
  say "packages: installing ${missing[*]} (waiting up to ${wait} s for another package manager)"
  apt-get update -qq -o DPkg::Lock::Timeout="$wait" >/dev/null \
    || die "apt-get update failed (above); run this again when the package manager is free."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout="$wait" \
    "${missing[@]}" >/dev/null \
    || die "Could not install ${missing[*]} (apt's message is above); run this again when the package manager is free."
}

step_user() {
  if id "$EAGI_USER" >/dev/null 2>&1; then
    say "user: $EAGI_USER exists"
  else
    say "user: creating the system user $EAGI_USER (home $EAGI_HOME, no shell, no password)"
    useradd --system --user-group --home-dir "$EAGI_HOME" --shell /usr/sbin/nologin "$EAGI_USER"
  fi
  install -d -o "$EAGI_USER" -g "$EAGI_USER" -m 755 "$EAGI_HOME"
}

step_folders() {
  say "folders: $EAGI_HOME/{media,backups,var}, $EAGI_ETC"
  # Personal data: only the app's user reads them.
  install -d -o "$EAGI_USER" -g "$EAGI_USER" -m 700 \
    "$EAGI_HOME/media" "$EAGI_HOME/backups" "$EAGI_HOME/var" "$EAGI_HOME/var/cache"
  install -d -o root -g root -m 755 "$EAGI_ETC"
  # The app tree belongs to the app's user, who builds .venv and the static files in
  # it; the running service sees it read-only (ProtectSystem=strict).
  [ "$(stat -c %U "$APP")" = "$EAGI_USER" ] \
    || die "The app tree $APP belongs to $(stat -c %U "$APP"), not $EAGI_USER: clone it as that user (docs/deployment.md, section 1) or run: chown -R $EAGI_USER: $APP"
}

step_venv() {
  say "venv: .venv with $("$EAGI_PYTHON" --version) and requirements.lock, as $EAGI_USER"
  # setup.sh, not being root here, installs no Debian package: the packages step did.
  (cd "$APP" && as_app env HOME="$EAGI_HOME" PYTHON="$EAGI_PYTHON" EAGI_SETUP=runtime \
    ${PIP_CACHE_DIR:+PIP_CACHE_DIR="$PIP_CACHE_DIR"} ${UV_CACHE_DIR:+UV_CACHE_DIR="$UV_CACHE_DIR"} \
    bash scripts/setup.sh)
}

quote() {
  # A value both systemd's EnvironmentFile= and a shell read the same: single quotes.
  case "$1" in
    *"'"* | *$'\n'*) die "A value may not hold a single quote or a line break: $1" ;;
  esac
  printf "'%s'" "$1"
}

step_env() {
  if [ -f "$ENV_FILE" ]; then
    say "env: $ENV_FILE exists; checking it"
  else
    [ -n "${EAGI_SITE_URL:-}" ] || die "The first run needs EAGI_SITE_URL (the public address, https://…)."
    [ -n "${EAGI_DATABASE_URL:-}" ] || die "The first run needs EAGI_DATABASE_URL (postgres://eagi:PASSWORD@host:5432/eagi; docs/deployment.md, section 3)."
    local host="${EAGI_SITE_URL#*://}"
    host="${host%%/*}"
    host="${host%%:*}"
    local secret backup_key
    secret="$("$EAGI_PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    backup_key="$("$EAGI_PYTHON" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
    say "env: writing $ENV_FILE (mode 600, root); keep a copy of BACKUP_ENCRYPTION_KEY off the server"
    local tmp
    tmp="$(mktemp "$EAGI_ETC/.env.XXXXXX")"
    {
      echo "# EAGI Inclusion's settings (README, Configuration), read by systemd and by"
      echo "# eagi-manage. One KEY='value' a line; comments only on lines of their own."
      echo "DEBUG='false'"
      echo "SECRET_KEY=$(quote "$secret")"
      echo "ALLOWED_HOSTS=$(quote "$host")"
      echo "SITE_URL=$(quote "$EAGI_SITE_URL")"
      echo "CSRF_TRUSTED_ORIGINS=$(quote "$EAGI_SITE_URL")"
      echo "# HSTS, Secure cookies, redirect to https (behind nginx, section 6)."
      echo "HTTPS=$(quote "${EAGI_HTTPS:-true}")"
      echo "CLIENT_ADDRESS_HEADER=$(quote "${EAGI_CLIENT_ADDRESS_HEADER:-HTTP_X_REAL_IP}")"
      echo "DATABASE_URL=$(quote "$EAGI_DATABASE_URL")"
      echo "CONN_MAX_AGE='60'"
      echo "# Everything the app writes: outside the read-only app tree."
      echo "MEDIA_ROOT=$(quote "$EAGI_HOME/media")"
      echo "BACKUP_DIR=$(quote "$EAGI_HOME/backups")"
      echo "VAR_DIR=$(quote "$EAGI_HOME/var")"
      echo "# One server: a file cache all gunicorn workers share. Several: redis://…"
      echo "CACHE_URL=$(quote "file://$EAGI_HOME/var/cache")"
      echo "BACKUP_ENCRYPTION_KEY=$(quote "$backup_key")"
      echo "# Outgoing mail: people choose their first password from an e-mailed link."
      echo "EMAIL_HOST=$(quote "${EAGI_EMAIL_HOST:-localhost}")"
      echo "EMAIL_PORT=$(quote "${EAGI_EMAIL_PORT:-25}")"
      echo "EMAIL_USE_TLS=$(quote "${EAGI_EMAIL_USE_TLS:-false}")"
      echo "DEFAULT_FROM_EMAIL=$(quote "${EAGI_FROM_EMAIL:-inclusion@$host}")"
      echo "# The Institute's seal (section 7a):"
      echo "# SEAL_PKCS12='$EAGI_ETC/seal.p12'"
      echo "# SEAL_PKCS12_PASSWORD='…'"
      echo "# SEAL_TRUST_ROOTS='$EAGI_ETC/nuc-rsa.pem'"
      [ -z "${EAGI_ENV_EXTRA:-}" ] || printf '%s\n' "$EAGI_ENV_EXTRA"
    } >"$tmp"
    chmod 600 "$tmp"
    mv "$tmp" "$ENV_FILE"
  fi
  # Comments on lines of their own only: systemd and a shell keep "x   # note" whole.
  local bad
  bad="$(grep -nE "^[A-Za-z_][A-Za-z0-9_]*=[^'\"]*[[:space:]]#" "$ENV_FILE" || true)"
  [ -z "$bad" ] || die "$ENV_FILE has a comment after a value (line ${bad%%:*}); put comments on lines of their own."
  chmod 600 "$ENV_FILE"
  chown root:root "$ENV_FILE"
}

step_manage() {
  say "manage: $MANAGE (manage.py as $EAGI_USER, with $ENV_FILE)"
  install -d -m 755 "$EAGI_BIN_DIR"
  cat >"$MANAGE" <<EOF
#!/usr/bin/env bash
# manage.py of EAGI Inclusion, as $EAGI_USER with $ENV_FILE (written by scripts/deploy.sh).
# Run it as root: eagi-manage migrate, eagi-manage backup, eagi-manage createsuperuser …
set -euo pipefail
[ "\$(id -u)" -eq 0 ] || { echo "Run it as root (sudo $MANAGE …): it reads $ENV_FILE." >&2; exit 1; }
set -a
. "$ENV_FILE"
set +a
cd "$APP"
exec runuser -u "$EAGI_USER" -- env HOME="$EAGI_HOME" "$APP/.venv/bin/python" manage.py "\$@"
EOF
  chmod 755 "$MANAGE"
}

step_migrate() {
  say "migrate"
  "$MANAGE" migrate --noinput
}

step_static() {
  say "static: collectstatic and the compiled translations, as $EAGI_USER"
  "$MANAGE" collectstatic --noinput --verbosity 0
}

write_unit() {
  local name="$1"
  local target="$EAGI_SYSTEMD_DIR/$name"
  local tmp
  tmp="$(mktemp)"
  cat >"$tmp"
  if ! cmp -s "$tmp" "$target" 2>/dev/null; then
    install -m 644 "$tmp" "$target"
    echo "    $target"
  fi
  rm -f "$tmp"
}

# What the running app may write: nothing else (ProtectSystem=strict).
writable_paths() { echo "$EAGI_HOME/media $EAGI_HOME/backups $EAGI_HOME/var"; }

service_common() {
  cat <<EOF
User=$EAGI_USER
Group=$EAGI_USER
WorkingDirectory=$APP
EnvironmentFile=$ENV_FILE
Environment=HOME=$EAGI_HOME
PrivateTmp=true
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=true
ReadWritePaths=$(writable_paths)
EOF
}

step_units() {
  say "units: $EAGI_SYSTEMD_DIR/eagi*.service, eagi-*.timer"
  install -d -m 755 "$EAGI_SYSTEMD_DIR"
  write_unit eagi.service <<EOF
[Unit]
Description=EAGI Inclusion (gunicorn)
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
$(service_common)
# /run/eagi: gunicorn's control socket (gunicornc), made afresh at each start.
RuntimeDirectory=eagi
ExecStart=$APP/.venv/bin/gunicorn eagi_inclusion.wsgi --bind $EAGI_BIND --workers $EAGI_WORKERS --timeout 60 --max-requests 2000 --max-requests-jitter 200 --access-logfile - --control-socket /run/eagi/gunicorn.ctl
ExecReload=/bin/kill -HUP \$MAINPID
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
EOF
  write_unit eagi-worker.service <<EOF
[Unit]
Description=EAGI Inclusion (task worker: e-mails, daily jobs, case files)
After=network-online.target postgresql.service

[Service]
$(service_common)
ExecStart=$APP/.venv/bin/python manage.py db_worker --interval 2
KillSignal=SIGTERM
TimeoutStopSec=90
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  write_unit eagi-daily.service <<EOF
[Unit]
Description=EAGI Inclusion: queue the daily jobs for the worker

[Service]
Type=oneshot
$(service_common)
ExecStart=$APP/.venv/bin/python manage.py enqueue_daily
EOF
  write_unit eagi-daily.timer <<EOF
[Unit]
Description=EAGI Inclusion: the daily jobs, working days at 07:30 in Astana

[Timer]
OnCalendar=Mon..Fri 07:30 Asia/Almaty
Persistent=true

[Install]
WantedBy=timers.target
EOF
  write_unit eagi-backup.service <<EOF
[Unit]
Description=EAGI Inclusion: nightly backup, keeping 14 daily and 12 monthly archives

[Service]
Type=oneshot
$(service_common)
ExecStart=$APP/.venv/bin/python manage.py backup --keep-daily 14 --keep-monthly 12
EOF
  write_unit eagi-backup.timer <<EOF
[Unit]
Description=EAGI Inclusion: nightly backup at 02:15 in Astana

[Timer]
OnCalendar=*-*-* 02:15 Asia/Almaty
Persistent=true

[Install]
WantedBy=timers.target
EOF
  if [ -d /run/systemd/system ] && [ "$EAGI_SYSTEMD_DIR" = /etc/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable --now eagi.service eagi-worker.service eagi-daily.timer eagi-backup.timer
    # An upgrade: new code and units take effect.
    systemctl restart eagi.service eagi-worker.service
  else
    say "units: systemd is not running here; the units are written, not started"
  fi
}

step_check() {
  say "check: manage.py check --deploy"
  "$MANAGE" check --deploy --fail-level ERROR
  if [ -d /run/systemd/system ] && systemctl is-active --quiet eagi.service; then
    local url="http://$EAGI_BIND/healthz"
    for _ in $(seq 1 30); do
      if "$EAGI_PYTHON" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)" "$url" 2>/dev/null; then
        say "check: $url answers"
        return
      fi
      sleep 1
    done
    die "$url does not answer: journalctl -u eagi"
  fi
}

ALL=(packages user folders venv env manage migrate static units check)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=("${ALL[@]}")
for step in "${steps[@]}"; do
  declare -F "step_$step" >/dev/null || die "No step '$step'; the steps are: ${ALL[*]}."
  "step_$step"
done
say "done: ${steps[*]}"
