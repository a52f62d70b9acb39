#!/usr/bin/env bash
# Run the test suite. Tests start their own Redis servers and worker processes.
#   scripts/test.sh [pytest args]                         on SQLite (a file in var/test)
#   TEST_DATABASE=postgres scripts/test.sh [pytest args]  on a throwaway PostgreSQL cluster,
#     made in var/test/postgres and removed afterwards; only tests that use the database run
#     (the others gave the same result on SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_DEBUG=1 DJANGO_SECRET_KEY=test-only-not-secret
export NEWSAPP_VAR_DIR=${NEWSAPP_VAR_DIR:-$PWD/var/test}
rm -rf "$NEWSAPP_VAR_DIR" && mkdir -p "$NEWSAPP_VAR_DIR"
# Argos reads these once, at import: keep its folders inside the test area.
export ARGOS_PACKAGES_DIR=$NEWSAPP_VAR_DIR/argos-packages
export XDG_DATA_HOME=$NEWSAPP_VAR_DIR/xdg/data XDG_CONFIG_HOME=$NEWSAPP_VAR_DIR/xdg/config
export XDG_CACHE_HOME=$NEWSAPP_VAR_DIR/xdg/cache
# The suite's own Redis (started by the tests) listens here, away from `make run`'s.
export TEST_REDIS_PORT=${TEST_REDIS_PORT:-6399}
export REDIS_URL=redis://127.0.0.1:$TEST_REDIS_PORT/0
unset DATABASE_URL DATABASE_CONN_MAX_AGE PROMETHEUS_MULTIPROC_DIR

case ${TEST_DATABASE:-sqlite} in
  sqlite) ;;
  postgres)
    pg_dir=$NEWSAPP_VAR_DIR/postgres
    trap '.venv/bin/python -m tests.pgcluster stop "$pg_dir"' EXIT
    DATABASE_URL=$(.venv/bin/python -m tests.pgcluster start "$pg_dir")
    export DATABASE_URL NEWSAPP_TEST_DB_ONLY=1
    echo "PostgreSQL pass: a throwaway cluster at ${DATABASE_URL##*@} (tests that use the database)"
    ;;
  *) echo "TEST_DATABASE must be sqlite or postgres" >&2; exit 2 ;;
esac
.venv/bin/python -m pytest "$@"
