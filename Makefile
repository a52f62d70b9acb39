# Two commands matter: `make run` (the whole app, locally) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run dev test lint messages screenshots bench load system-deps system-deps-test clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The interface's catalogues (locale/ and each app's locale/): .po in git, .mo compiled here.
messages: $(STAMP)
	@scripts/messages.sh compile

system-deps:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

# What production runs: gunicorn (DEBUG off), a worker, beat and Redis, under supervisord.
run: system-deps $(STAMP) messages
	@scripts/run.sh

# The same processes with runserver and DEBUG on, for development.
dev: system-deps $(STAMP) messages
	@scripts/run.sh dev

# Static checks, then the suite on SQLite and, at the same time, the tests that use the
# database on a throwaway PostgreSQL (scripts/test-passes.sh; TEST_PASSES=serial: one after
# the other).
test: system-deps-test $(STAMP) lint messages
	DJANGO_DEBUG=1 NEWSAPP_VAR_DIR=var/test-check $(PY) manage.py makemigrations --check --dry-run >/dev/null
	@scripts/test-passes.sh

# Static checks: ruff, import-linter's layer contracts, mypy (django-stubs), djlint.
lint: $(STAMP)
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy newsapp glossary
	$(VENV)/bin/djlint --lint --quiet templates newsapp/articles/templates newsapp/memory/templates glossary/templates newsapp/api/templates newsapp/notifications/templates newsapp/feeds/templates newsapp/accounts/templates

screenshots: system-deps-test $(STAMP) messages
	@rm -rf var/screenshots && mkdir -p var/screenshots
	@scripts/test.sh tests/e2e
	@echo "Screenshots in var/screenshots/"

bench: $(STAMP)
	DJANGO_DEBUG=1 $(PY) bench/engine_speed.py

# Load test against a running desk (`make run` in another terminal); see bench/load.py --help.
load: $(STAMP)
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) var
