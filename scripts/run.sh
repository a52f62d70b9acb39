#!/usr/bin/env bash
# Start the desk under supervisord: Redis (AOF on), gunicorn (DEBUG off, WhiteNoise for static
# files), a Celery worker and Celery beat. supervisord restarts any process that dies (a quick
# re-death backs off 1 s, 2 s, 3 s, …) and logs it in var/log/supervisord.log; Ctrl-C stops all.
#   scripts/run.sh        what production runs (`make run`)
#   scripts/run.sh dev    the same, with runserver and DEBUG on instead of gunicorn (`make dev`)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-prod}
[[ $mode == prod || $mode == dev ]] || { echo "usage: scripts/run.sh [dev]" >&2; exit 2; }

export PYTHONUNBUFFERED=1
export NEWSAPP_VAR_DIR=${NEWSAPP_VAR_DIR:-$PWD/var}
VAR=$NEWSAPP_VAR_DIR
REDIS_PORT=${REDIS_PORT:-6379}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT}/0}
export WEB_ADDR=${WEB_ADDR:-127.0.0.1:8000}
if [[ $mode == dev ]]; then export DJANGO_DEBUG=1; else export DJANGO_DEBUG=${DJANGO_DEBUG:-0}; fi
PY=$PWD/.venv/bin/python
mkdir -p "$VAR/redis" "$VAR/log" "$VAR/run"

# Every process, and every manage.py command run by hand later, reads var/secret_key.
if [[ -z ${DJANGO_SECRET_KEY:-}${DJANGO_SECRET_KEY_FILE:-} ]]; then
  $PY -m newsapp.ops.secret "$VAR/secret_key"
fi

redis_program=""
if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "Redis already answers on port $REDIS_PORT; using it (not supervised here)."
  # Queued wake-ups survive a Redis restart only with AOF, and noeviction keeps them in memory.
  aof=$(redis-cli -p "$REDIS_PORT" config get appendonly 2>/dev/null | tail -1 || true)
  policy=$(redis-cli -p "$REDIS_PORT" config get maxmemory-policy 2>/dev/null | tail -1 || true)
  if [ "$aof" != yes ] || [ "$policy" != noeviction ]; then
    echo "  warning: that Redis has appendonly=$aof maxmemory-policy=$policy;" \
      "docs/operations.md recommends appendonly=yes and noeviction."
  fi
else
  redis_program="[program:redis]
command=$(command -v redis-server) --port $REDIS_PORT --bind 127.0.0.1 --dir $VAR/redis
  --appendonly yes --appendfsync everysec --maxmemory-policy noeviction --save \"\"
  --daemonize no --logfile \"\"
priority=10"
fi

$PY manage.py migrate --noinput >/dev/null
$PY manage.py collectstatic --noinput >/dev/null

if [[ $mode == dev ]]; then
  web="$PY manage.py runserver $WEB_ADDR"
else
  web="$PY -m gunicorn -c python:newsapp.ops.gunicorn_conf newsapp.wsgi"
fi
# The supervisor's configuration, written afresh at each start (% is escaped for supervisord).
conf=$VAR/run/supervisord.conf
common="autostart=true
autorestart=true
startsecs=3
startretries=1000
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=3
directory=$PWD"
run_as=""
[[ $(id -u) -eq 0 ]] && run_as="user=root"  # said explicitly, so supervisord does not warn
cat >"$conf" <<CONF
[supervisord]
nodaemon=true
$run_as
logfile=$VAR/log/supervisord.log
pidfile=$VAR/run/supervisord.pid
childlogdir=$VAR/log

[unix_http_server]
file=$VAR/run/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$VAR/run/supervisor.sock

${redis_program:+$redis_program
stdout_logfile=$VAR/log/redis.log
$common
}
[program:web]
command=$web
priority=30
stdout_logfile=$VAR/log/web.log
$common

[program:worker]
command=$PY -m celery -A newsapp worker -Q mt,celery,background -n worker@%%h -l INFO
  --concurrency ${WORKER_CONCURRENCY:-1}
priority=20
; a worker finishes its current batch on SIGTERM; the lease covers a kill
stopwaitsecs=30
stdout_logfile=$VAR/log/worker.log
$common

[program:beat]
command=$PY -m celery -A newsapp beat -l INFO -s $VAR/celerybeat-schedule
priority=20
stdout_logfile=$VAR/log/beat.log
$common
CONF

host=${WEB_ADDR%:*}
if [[ $host == 127.0.0.1 || $host == localhost || $host == "[::1]" ]]; then
  logins=$(NEWSAPP_DEMO_USERS=1 $PY manage.py seed_demo)
  logins="  Demo logins (local use only; new passwords at every start):
$logins"
else
  logins="  No demo logins: $WEB_ADDR is reachable from other machines.
  Create accounts with: .venv/bin/python manage.py createsuperuser"
fi
[[ $mode == dev ]] && server="runserver, DEBUG on" || server="gunicorn, DEBUG off"
cat <<MSG

  Newsdesk is starting on http://${WEB_ADDR}/ ($server)
$logins

  Logs: $VAR/log/ (web, worker, beat, redis, supervisord). Stop everything with Ctrl-C.
  Installed pairs: $($PY manage.py langpacks list | tr '\n' ';')

MSG
exec "$PWD/.venv/bin/supervisord" -c "$conf"
