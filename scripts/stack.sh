#!/usr/bin/env bash
# The production shape on one machine, with real parts (docs/DEPLOY.md describes the same on
# several machines):
#   PostgreSQL primary + a streaming replica made with pg_basebackup (two local clusters),
#   Redis (append-only file on), two gunicorn processes behind nginx on one port,
#   two RQ workers on the "imports" and "default" queues, and the scheduler;
#   production settings (PRODUCTION=true; TLS is left to the real proxy, see below).
#
#   scripts/stack.sh start | stop | status | env | restart-redis | restart-replica | kill-worker N
#
# Everything lives under $STACK_DIR (default /tmp/breakzero-stack): data, logs, pid files.
# Ports (override by environment): nginx $STACK_PORT (8400), gunicorn 8401/8402,
# PostgreSQL primary 5441 and replica 5442, Redis 6391 — none of the machine's own services
# is touched, so a fault injected here (a restart, a kill) hits only this stack.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
STACK_DIR="${STACK_DIR:-/tmp/breakzero-stack}"
STACK_PORT="${STACK_PORT:-8400}"
WEB_PORTS=(8401 8402)
PG_PRIMARY_PORT="${PG_PRIMARY_PORT:-5441}"
PG_REPLICA_PORT="${PG_REPLICA_PORT:-5442}"
REDIS_PORT="${REDIS_PORT:-6391}"
PY="$ROOT/.venv/bin/python"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
DEMO_ENTERPRISES="${DEMO_ENTERPRISES:-2000}"

log() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

stack_env() {
  # Production settings. The local stack speaks plain http on loopback, so the settings that
  # only make sense behind TLS (secure cookies, https redirect, HSTS) are off here, and so is
  # the second factor (the stack test logs in with a password); docs/DEPLOY.md keeps them on.
  cat <<EOF
export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PRIMARY_PORT/breakzero
export DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$PG_REPLICA_PORT/breakzero
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1
export TASK_BACKEND=rq
export PRODUCTION=true
export DEBUG=false
export SECRET_KEY=$(cat "$STACK_DIR/secret_key" 2>/dev/null || echo missing)
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$STACK_PORT,http://localhost:$STACK_PORT
export SECURE_COOKIES=false
export SECURE_SSL_REDIRECT=false
export SECURE_HSTS_SECONDS=0
export REQUIRE_2FA=false
export MEDIA_ROOT=$STACK_DIR/media
export PROMETHEUS_MULTIPROC_DIR=$STACK_DIR/metrics
export LOG_FORMAT=json
export LOG_LEVEL=WARNING
export REQUEST_LOG_LEVEL=INFO
export RQ_JOB_TIMEOUT=${RQ_JOB_TIMEOUT:-3600}
EOF
}

as_postgres() { runuser -u postgres -- "$@"; }

pg_start_cluster() {  # dir port
  as_postgres "$PG_BIN/pg_ctl" -D "$1" -l "$STACK_DIR/log/postgres-$2.log" -w -t 60 start >/dev/null
}

pg_init() {
  [ -n "$PG_BIN" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  local primary="$STACK_DIR/pg-primary" replica="$STACK_DIR/pg-replica"
  if [ ! -f "$primary/PG_VERSION" ]; then
    log "PostgreSQL primary: initdb on port $PG_PRIMARY_PORT"
    as_postgres "$PG_BIN/initdb" -D "$primary" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$primary/postgresql.conf" <<EOF
port = $PG_PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$STACK_DIR/run'
wal_level = replica
max_wal_senders = 5
wal_keep_size = '1GB'
hot_standby = on
max_connections = 200
shared_buffers = '256MB'
EOF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$primary/pg_hba.conf"
  fi
  pg_running "$primary" || pg_start_cluster "$primary" "$PG_PRIMARY_PORT"
  psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='breakzero'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -qc "CREATE DATABASE breakzero"
  if [ ! -f "$replica/PG_VERSION" ]; then
    log "PostgreSQL replica: pg_basebackup from the primary, streaming on port $PG_REPLICA_PORT"
    as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -U postgres -D "$replica" -R -X stream -c fast
    echo "port = $PG_REPLICA_PORT" >>"$replica/postgresql.auto.conf"
  fi
  pg_running "$replica" || pg_start_cluster "$replica" "$PG_REPLICA_PORT"
}

pg_running() { [ -f "$1/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

redis_start() {
  command -v redis-server >/dev/null || die "redis-server not found (Debian package redis-server)"
  mkdir -p "$STACK_DIR/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$STACK_DIR/redis" \
    --appendonly yes --appendfsync everysec --save "" --pidfile "$STACK_DIR/run/redis.pid" \
    --logfile "$STACK_DIR/log/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
  die "Redis did not start (see $STACK_DIR/log/redis.log)"
}

start_daemon() {  # name command...: runs in the background with its own pid file and log
  local name="$1"; shift
  if [ -f "$STACK_DIR/run/$name.pid" ] && kill -0 "$(cat "$STACK_DIR/run/$name.pid")" 2>/dev/null; then return; fi
  (eval "$(stack_env)"; cd "$ROOT"; exec setsid "$@" >>"$STACK_DIR/log/$name.log" 2>&1) &
  echo $! >"$STACK_DIR/run/$name.pid"
}

web_start() {
  local i=0
  for port in "${WEB_PORTS[@]}"; do
    i=$((i + 1))
    start_daemon "web$i" "$ROOT/.venv/bin/gunicorn" config.wsgi --bind "127.0.0.1:$port" \
      --workers "${WEB_WORKERS:-1}" --worker-class gthread --threads "${WEB_THREADS:-8}" \
      --timeout 120 --graceful-timeout 30 --max-requests 20000 --max-requests-jitter 2000 \
      --access-logfile - --name "breakzero-web$i"
  done
}

workers_start() {
  for i in 1 2; do
    start_daemon "worker$i" "$PY" manage.py rqworker imports default --name "breakzero-$i-$$" --with-scheduler --job-class django_tasks_rq.backend.Job
  done
  start_daemon scheduler "$PY" manage.py scheduler
}

nginx_start() {
  command -v nginx >/dev/null || die "nginx not found (Debian package nginx-light)"
  mkdir -p "$STACK_DIR/nginx"
  sed -e "s#@STACK_DIR@#$STACK_DIR#g" -e "s#@STATIC_ROOT@#$ROOT/var/static#g" -e "s#@PORT@#$STACK_PORT#g" \
    -e "s#@WEB1@#${WEB_PORTS[0]}#g" -e "s#@WEB2@#${WEB_PORTS[1]}#g" deploy/nginx/stack.conf.in >"$STACK_DIR/nginx/nginx.conf"
  if [ -f "$STACK_DIR/run/nginx.pid" ] && kill -0 "$(cat "$STACK_DIR/run/nginx.pid")" 2>/dev/null; then
    nginx -p "$STACK_DIR/nginx" -c "$STACK_DIR/nginx/nginx.conf" -s reload
  else
    nginx -p "$STACK_DIR/nginx" -c "$STACK_DIR/nginx/nginx.conf"
  fi
}

wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$STACK_PORT/readyz" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "the site did not become ready on port $STACK_PORT (logs in $STACK_DIR/log)"
}

cmd_start() {
  [ -x "$PY" ] || die "run make install first (.venv)"
  mkdir -p "$STACK_DIR"/{run,log,media,metrics}
  chown postgres "$STACK_DIR" "$STACK_DIR/run" "$STACK_DIR/log"
  chmod 755 "$STACK_DIR"
  [ -f "$STACK_DIR/secret_key" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$STACK_DIR/secret_key"
  rm -f "$STACK_DIR"/metrics/*.db
  pg_init
  redis_start
  log "migrate, demo data ($DEMO_ENTERPRISES enterprises), static files"
  (eval "$(stack_env)"
   "$PY" manage.py migrate --noinput >"$STACK_DIR/log/migrate.log"
   "$PY" manage.py seed_demo --enterprises "$DEMO_ENTERPRISES" --seed 2020 >"$STACK_DIR/log/seed.log"
   "$PY" manage.py collectstatic --noinput >/dev/null
   "$PY" manage.py compilemessages --ignore .venv >/dev/null 2>&1 || true)
  web_start
  workers_start
  nginx_start
  wait_ready
  log "up: http://127.0.0.1:$STACK_PORT/ (nginx → gunicorn ${WEB_PORTS[*]}; PostgreSQL $PG_PRIMARY_PORT + replica $PG_REPLICA_PORT; Redis $REDIS_PORT; 2 RQ workers + scheduler)"
  log "logs: $STACK_DIR/log  ·  stop: make stack-stop"
}

stop_pidfile() {  # name [signal]
  local file="$STACK_DIR/run/$1.pid"
  [ -f "$file" ] || return 0
  local pid; pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -"${2:-TERM}" -- "-$pid" 2>/dev/null || kill -"${2:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

cmd_stop() {
  [ -d "$STACK_DIR" ] || { log "nothing to stop"; return 0; }
  if [ -f "$STACK_DIR/run/nginx.pid" ]; then
    nginx -p "$STACK_DIR/nginx" -c "$STACK_DIR/nginx/nginx.conf" -s quit 2>/dev/null || true
  fi
  for name in scheduler worker1 worker2 web1 web2; do stop_pidfile "$name"; done
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  for dir in "$STACK_DIR/pg-replica" "$STACK_DIR/pg-primary"; do
    pg_running "$dir" && as_postgres "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
  done
  log "stopped (data kept in $STACK_DIR; remove it for a fresh stack)"
}

cmd_status() {
  for name in web1 web2 worker1 worker2 scheduler nginx redis; do
    local file="$STACK_DIR/run/$name.pid"
    if [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null; then echo "$name: running ($(cat "$file"))"; else echo "$name: stopped"; fi
  done
  for dir in pg-primary pg-replica; do
    if pg_running "$STACK_DIR/$dir"; then echo "$dir: running"; else echo "$dir: stopped"; fi
  done
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) stack_env ;;
  restart-redis)
    redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true  # SHUTDOWN writes the append-only file
    for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || break; sleep 0.1; done
    redis_start ;;
  restart-replica)
    as_postgres "$PG_BIN/pg_ctl" -D "$STACK_DIR/pg-replica" -m fast -w restart -l "$STACK_DIR/log/postgres-$PG_REPLICA_PORT.log" >/dev/null ;;
  kill-worker)  # SIGKILL a worker and the work-horse running its job (RQ gives the horse its own
    # process group), as a machine failure would, then start the worker again
    file="$STACK_DIR/run/worker${2:?worker number}.pid"
    if [ -f "$file" ]; then pkill -KILL -P "$(cat "$file")" 2>/dev/null || true; fi
    stop_pidfile "worker$2" KILL
    start_daemon "worker$2" "$PY" manage.py rqworker imports default --name "breakzero-$2-$$" --with-scheduler --job-class django_tasks_rq.backend.Job ;;
  *) echo "usage: $0 start|stop|status|env|restart-redis|restart-replica|kill-worker N" >&2; exit 2 ;;
esac
