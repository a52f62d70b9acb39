#!/usr/bin/env bash
# Run the test suite. Tests start their own Redis servers and worker processes.
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
exec .venv/bin/python -m pytest "$@"
