#!/usr/bin/env bash
# Real services for tests and local runs, on loopback, each with its own data dir under ./.services/.
#   deploy/services.sh install   apt-get the Debian packages that are missing (root only)
#   deploy/services.sh start     install if needed, start PostgreSQL 15 and ClickHouse, write .services/env
#   deploy/services.sh stop      stop both (data dirs are kept; `clean` removes them)
#   deploy/services.sh status
#   deploy/services.sh clean     stop and delete ./.services
# Ports (non-default so that a machine's own servers are never touched):
#   PostgreSQL 127.0.0.1:${OA_PG_PORT:-55432}   ClickHouse HTTP 127.0.0.1:${OA_CH_HTTP_PORT:-58123}, native ${OA_CH_TCP_PORT:-59000}
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVC="${OA_SERVICES_DIR:-$ROOT/.services}"
PG_PORT="${OA_PG_PORT:-55432}"
CH_HTTP_PORT="${OA_CH_HTTP_PORT:-58123}"
CH_TCP_PORT="${OA_CH_TCP_PORT:-59000}"
PG_DIR="$SVC/pg"
CH_DIR="$SVC/clickhouse"

log() { printf '[services] %s\n' "$*" >&2; }

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

need_pkgs() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v clickhouse-server >/dev/null || missing+=(clickhouse-server)
  command -v clickhouse-client >/dev/null || missing+=(clickhouse-client)
  command -v curl >/dev/null || missing+=(curl)
  if [ "${1:-}" = browser ]; then
    command -v chromium >/dev/null || missing+=(chromium)
    [ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    # Exported Excel files are opened by LibreOffice in tests (soffice --headless --convert-to csv).
    command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
  fi
  echo "${missing[@]:-}"
}

install_pkgs() {
  local missing
  missing="$(need_pkgs "${1:-}")"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: $missing — run as root, or: sudo apt-get install -y $missing"
    return 1
  fi
  log "installing: $missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # The postgresql package starts its own cluster on 5432; we never use it, and stop it again below.
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >/dev/null
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true; done
  fi
  # Debian's clickhouse-server may start a system instance; ours uses its own config and ports.
  (service clickhouse-server stop >/dev/null 2>&1 || true)
}

as_pg() { # run a command as the postgres user when we are root (postgres refuses to run as root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_pg() {
  local bin; bin="$(pg_bin)"
  mkdir -p "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR" && chmod 700 "$PG_DIR"
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    log "initdb $PG_DIR/data"
    as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 200
# the event log of bench:store (1M events, ~0.7 GB) stays in PostgreSQL's own cache: readAll is no slower at 1M than at 100k
shared_buffers = 1GB
fsync = on
synchronous_commit = on
logging_collector = off
CONF
  fi
  if as_pg "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on $PG_PORT"
  else
    as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null
    log "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  # role and database for the app and the tests (idempotent)
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtAc \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='oa') THEN CREATE ROLE oa LOGIN SUPERUSER PASSWORD 'oa'; END IF; END\$\$;" >/dev/null
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname='oa'" | grep -q 1 ||
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE oa OWNER oa" >/dev/null
}

stop_pg() {
  local bin; bin="$(pg_bin)" || return 0
  [ -f "$PG_DIR/data/PG_VERSION" ] || return 0
  if as_pg "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  fi
}

ch_ping() { curl -fsS "http://127.0.0.1:$CH_HTTP_PORT/ping" >/dev/null 2>&1; }

start_ch() {
  mkdir -p "$CH_DIR"/{data,tmp,user_files,log,format_schemas}
  cat > "$CH_DIR/config.xml" <<CONF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$CH_DIR/log/server.log</log><errorlog>$CH_DIR/log/error.log</errorlog><size>50M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$CH_HTTP_PORT</http_port>
  <tcp_port>$CH_TCP_PORT</tcp_port>
  <path>$CH_DIR/data/</path>
  <tmp_path>$CH_DIR/tmp/</tmp_path>
  <user_files_path>$CH_DIR/user_files/</user_files_path>
  <format_schema_path>$CH_DIR/format_schemas/</format_schema_path>
  <users_config>$CH_DIR/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>1073741824</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
CONF
  cat > "$CH_DIR/users.xml" <<CONF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><log_queries>0</log_queries></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
CONF
  if ch_ping; then log "ClickHouse already running on $CH_HTTP_PORT"; return 0; fi
  [ "$(id -u)" = 0 ] && chown -R clickhouse:clickhouse "$CH_DIR" 2>/dev/null || true
  local run=()
  [ "$(id -u)" = 0 ] && id clickhouse >/dev/null 2>&1 && run=(runuser -u clickhouse --)
  "${run[@]}" clickhouse-server --config-file="$CH_DIR/config.xml" --pid-file="$CH_DIR/server.pid" --daemon
  local i
  for i in $(seq 1 120); do ch_ping && break; sleep 0.5; done
  ch_ping || { log "ClickHouse did not start; see $CH_DIR/log/error.log"; tail -20 "$CH_DIR/log/error.log" >&2 || true; return 1; }
  log "ClickHouse $(curl -fsS "http://127.0.0.1:$CH_HTTP_PORT/?query=SELECT%20version()") started on 127.0.0.1:$CH_HTTP_PORT"
}

stop_ch() {
  [ -f "$CH_DIR/server.pid" ] || return 0
  local pid; pid="$(cat "$CH_DIR/server.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    local i; for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" || true
    log "ClickHouse stopped"
  fi
  rm -f "$CH_DIR/server.pid"
}

write_env() {
  mkdir -p "$SVC"
  cat > "$SVC/env" <<ENV
export PG_URL=postgres://oa:oa@127.0.0.1:$PG_PORT/oa
export CLICKHOUSE_URL=http://127.0.0.1:$CH_HTTP_PORT
ENV
  log "wrote $SVC/env"
}

case "${1:-}" in
  install) install_pkgs browser ;;
  start)
    install_pkgs "${2:-}"
    start_pg
    start_ch
    write_env
    ;;
  stop) stop_ch; stop_pg ;;
  status)
    bin="$(pg_bin || true)"
    if [ -n "$bin" ] && [ -f "$PG_DIR/data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then echo "postgresql: running on $PG_PORT"; else echo "postgresql: stopped"; fi
    if ch_ping; then echo "clickhouse: running on $CH_HTTP_PORT"; else echo "clickhouse: stopped"; fi
    ;;
  clean) stop_ch; stop_pg; rm -rf "$SVC" ;;
  *) echo "usage: $0 install|start|stop|status|clean" >&2; exit 2 ;;
esac
