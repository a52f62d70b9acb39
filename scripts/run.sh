#!/usr/bin/env bash
# Start Redis (AOF on), a Celery worker, Celery beat and the web server; stop them all on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
export PYTHONUNBUFFERED=1
REDIS_PORT=${REDIS_PORT:-6379}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT}/0}
WEB_ADDR=${WEB_ADDR:-127.0.0.1:8000}
PY=.venv/bin/python
mkdir -p var/redis var/log

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "Redis already answers on port $REDIS_PORT; using it."
  # Queued wake-ups survive a Redis restart only with AOF, and noeviction keeps them in memory.
  aof=$(redis-cli -p "$REDIS_PORT" config get appendonly 2>/dev/null | tail -1 || true)
  policy=$(redis-cli -p "$REDIS_PORT" config get maxmemory-policy 2>/dev/null | tail -1 || true)
  if [ "$aof" != yes ] || [ "$policy" != noeviction ]; then
    echo "  warning: that Redis has appendonly=$aof maxmemory-policy=$policy;" \
      "docs/operations.md recommends appendonly=yes and noeviction."
  fi
else
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$PWD/var/redis" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --save "" --daemonize no --logfile "$PWD/var/log/redis.log" &
  pids+=($!)
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

$PY manage.py migrate --noinput >/dev/null
$PY manage.py collectstatic --noinput >/dev/null

$PY -m celery -A newsapp worker -Q mt,celery -l INFO --concurrency "${WORKER_CONCURRENCY:-1}" \
  >var/log/worker.log 2>&1 &
pids+=($!)
$PY -m celery -A newsapp beat -l INFO >var/log/beat.log 2>&1 &
pids+=($!)

cat <<MSG

  Newsdesk is starting on http://${WEB_ADDR}/
  Demo logins (local only; new passwords at every start):
$($PY manage.py seed_demo)

  Logs: var/log/ (worker, beat, redis). Stop everything with Ctrl-C.
  Installed pairs: $($PY manage.py langpacks list | tr '\n' ';')

MSG
$PY manage.py runserver "$WEB_ADDR" --noreload &
pids+=($!)
wait -n "${pids[@]}"
