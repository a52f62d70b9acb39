#!/usr/bin/env bash
# The whole suite, as `make test` runs it: the SQLite pass and the PostgreSQL pass (the tests
# that use the database) at the same time. Most of the long tests wait (for leases, restarts,
# a browser), so two passes share two cores well. Each pass has its own Redis port, its own
# folder under var/ and its own database; the PostgreSQL pass writes to var/test-postgres.log,
# printed when both have ended.
#   TEST_PASSES=serial scripts/test-passes.sh   one after the other (a one-core machine).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

pg_log=var/test-postgres.log
# The PostgreSQL pass, timed by itself: its own Redis port and folder.
postgres_pass() {
  TEST_DATABASE=postgres NEWSAPP_VAR_DIR=$PWD/var/test-pg \
    TEST_REDIS_PORT=$((${TEST_REDIS_PORT:-6399} - 1)) \
    bash -c 'start=$SECONDS; rc=0; scripts/test.sh "$@" || rc=$?
             echo "PostgreSQL pass: $((SECONDS - start)) s"; exit $rc' _ "$@"
}
start=$SECONDS

if [[ ${TEST_PASSES:-parallel} == serial ]]; then
  scripts/test.sh "$@"; sqlite_rc=$?
  echo "SQLite pass: $((SECONDS - start)) s"
  postgres_pass "$@"; pg_rc=$?
else
  echo "The PostgreSQL pass runs alongside; its output follows the SQLite pass's ($pg_log)."
  # Its own process group, so that Ctrl-C (or CI's timeout) stops it with this script.
  export -f postgres_pass
  setsid bash -c 'postgres_pass "$@"' _ "$@" >"$pg_log" 2>&1 &
  pg_pid=$!
  trap 'kill -INT -- "-$pg_pid" 2>/dev/null; wait "$pg_pid"; exit 130' INT TERM
  scripts/test.sh "$@"; sqlite_rc=$?
  echo "SQLite pass: $((SECONDS - start)) s"
  wait "$pg_pid"; pg_rc=$?
  echo "================================ the PostgreSQL pass ================================"
  cat "$pg_log"
  echo "Both passes: $((SECONDS - start)) s"
fi
echo "SQLite pass: exit $sqlite_rc; PostgreSQL pass: exit $pg_rc"
((sqlite_rc == 0 && pg_rc == 0))
