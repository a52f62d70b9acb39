# Two commands matter: `make run` (the whole app, locally) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint screenshots bench system-deps system-deps-test clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

run: system-deps $(STAMP)
	@scripts/run.sh

test: system-deps-test $(STAMP) lint
	DJANGO_DEBUG=1 NEWSAPP_VAR_DIR=var/test-check $(PY) manage.py makemigrations --check --dry-run >/dev/null
	@scripts/test.sh

# Static checks: ruff, import-linter's layer contracts, mypy (django-stubs), djlint.
lint: $(STAMP)
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m mypy newsapp glossary
	$(VENV)/bin/djlint --lint --quiet templates newsapp/articles/templates newsapp/memory/templates glossary/templates newsapp/api/templates

screenshots: system-deps-test $(STAMP)
	@rm -rf var/screenshots && mkdir -p var/screenshots
	@scripts/test.sh tests/e2e
	@echo "Screenshots in var/screenshots/"

bench: $(STAMP)
	DJANGO_DEBUG=1 $(PY) bench/engine_speed.py

clean:
	rm -rf $(VENV) var
