#!/usr/bin/env bash
# The whole suite, as `make test` runs it: the SQLite pass and the PostgreSQL pass (the tests
# that use the database) in two lanes at the same time. Most of the long tests wait (for
# leases, restarts, a browser), so two lanes share two cores well.
#   lane 1: the SQLite pass, but for the tests that bring their own database and services
#           (the production stack under `make run`, the three network-namespace hosts);
#   lane 2: the PostgreSQL pass, then those tests (they are the same on either backend).
# Each pytest run has its own Redis port and its own folder under var/; lane 2 writes to
# var/test-lane2.log, printed when both lanes have ended.
#   scripts/test-passes.sh PATHS…             both passes over PATHS (no lanes to balance)
#   TEST_PASSES=serial scripts/test-passes.sh  one pass after the other (a one-core machine)
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

port=${TEST_REDIS_PORT:-6399}
lane2_log=var/test-lane2.log
#: The tests that start their own stack and database (see above).
OWN_STACK=(tests/prod/test_stack.py tests/netns)

timed() {  # timed LABEL COMMAND…: run it, then say how long it took; its exit status
  local label=$1 start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  echo "$label: $((SECONDS - start)) s (exit $rc)"
  return $rc
}
sqlite_pass() { timed "SQLite pass" scripts/test.sh "$@"; }
postgres_pass() {
  TEST_DATABASE=postgres NEWSAPP_VAR_DIR=$PWD/var/test-pg TEST_REDIS_PORT=$((port - 1)) \
    timed "PostgreSQL pass" scripts/test.sh "$@"
}
own_stack_pass() {
  NEWSAPP_VAR_DIR=$PWD/var/test-stack TEST_REDIS_PORT=$((port - 2)) \
    timed "Own-stack tests (SQLite pass, continued)" scripts/test.sh "${OWN_STACK[@]}"
}
export -f timed postgres_pass own_stack_pass
export port OWN_STACK_LIST="${OWN_STACK[*]}"

start=$SECONDS
if [[ ${TEST_PASSES:-parallel} == serial ]]; then
  sqlite_pass "$@"; lane1=$?
  postgres_pass "$@"; lane2=$?
else
  if (($# == 0)); then
    ignore=()
    for path in "${OWN_STACK[@]}"; do ignore+=("--ignore=$path"); done
    # shellcheck disable=SC2016
    lane2_script='rc=0; postgres_pass || rc=1
      OWN_STACK=($OWN_STACK_LIST); own_stack_pass || rc=1; exit $rc'
  else
    ignore=()
    lane2_script='postgres_pass "$@"'
  fi
  echo "Lane 2 (the PostgreSQL pass${ignore:+, then ${OWN_STACK[*]}}) runs alongside;" \
    "its output follows ($lane2_log)."
  # Its own process group, so that Ctrl-C (or CI's timeout) stops it with this script.
  setsid bash -c "$lane2_script" _ "$@" >"$lane2_log" 2>&1 &
  lane2_pid=$!
  trap 'kill -INT -- "-$lane2_pid" 2>/dev/null; wait "$lane2_pid"; exit 130' INT TERM
  sqlite_pass "${ignore[@]}" "$@"; lane1=$?
  wait "$lane2_pid"; lane2=$?
  echo "=================================== lane 2 ==================================="
  cat "$lane2_log"
fi
echo "Whole suite: $((SECONDS - start)) s; lane 1 exit $lane1, lane 2 exit $lane2"
((lane1 == 0 && lane2 == 0))
