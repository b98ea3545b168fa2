# Praktijktafel: `make run` and `make test` work on a fresh Debian machine with Python and make.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Without DATABASE_URL we use the embedded cluster in .pgdata/ (see praktijktafel/devtools/pg.py).
ifeq ($(strip $(DATABASE_URL)),)
EMBEDDED_DB := 1
export DATABASE_URL := $(shell $(PYTHON_SYS) -m praktijktafel.devtools.pg url)
endif
export DEBUG ?= true
export DJANGO_SETTINGS_MODULE := praktijktafel.settings
# Links in mails, calendar files and PDFs point where `make run` serves (HOST/PORT), unless
# SITE_URL says otherwise (e.g. a tunnel or a proxy in front).
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: help run test bench install sysdeps-run sysdeps-test db db-stop db-destroy prepare \
        messages lint typecheck clean worker backup restore deploy-check

help:
	@echo "make run      install, start the database, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test     the same set-up, then ruff, makemigrations --check and the whole test suite"
	@echo "make bench    the performance bench (writes docs/performance.md)"
	@echo "make backup   pg_dump of the database to backups/ (or FILE=…)"
	@echo "make restore FILE=…  restore a dump made by make backup"
	@echo "make db-stop  stop the embedded PostgreSQL"
	@echo "make deploy-check  (root) install, upgrade and restore the production set-up of deploy/ on fresh Debian 12 machines"

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON_SYS) -m venv $(VENV) || { echo "Could not create a virtualenv: install the Debian package python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

sysdeps-run:
	@$(PYTHON_SYS) -m praktijktafel.devtools.sysdeps run

sysdeps-test:
	@$(PYTHON_SYS) -m praktijktafel.devtools.sysdeps test

db:
ifdef EMBEDDED_DB
	@$(PYTHON_SYS) -m praktijktafel.devtools.pg start >/dev/null
endif

backup: db
	@$(PYTHON_SYS) -m praktijktafel.devtools.backup dump $(FILE)

restore: db
	@test -n "$(FILE)" || { echo "Say which dump to restore: make restore FILE=backups/praktijktafel-….dump"; exit 1; }
	@$(PYTHON_SYS) -m praktijktafel.devtools.backup restore $(FILE)

db-stop:
	@$(PYTHON_SYS) -m praktijktafel.devtools.pg stop

db-destroy:
	@$(PYTHON_SYS) -m praktijktafel.devtools.pg destroy

messages: install
	@$(MANAGE) compilemessages --ignore=.venv -v0

prepare: install messages db
	@$(MANAGE) migrate --no-input -v0
	@$(MANAGE) createcachetable
	@$(MANAGE) collectstatic --no-input -v0

run: sysdeps-run prepare
	@$(MANAGE) load_demo
	@echo "Starting a task worker and the web server on http://$(HOST):$(PORT) (Ctrl-C stops both)"
	@$(MANAGE) run_worker --queue-name '*' & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

worker: prepare
	$(MANAGE) run_worker --queue-name '*'

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	$(VENV)/bin/mypy

test: sysdeps-test prepare
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(MANAGE) makemigrations --check --dry-run
	@mkdir -p reports
	DJANGO_ALLOW_ASYNC_UNSAFE=true \
	  $(VENV)/bin/pytest --junitxml=reports/junit.xml $(PYTEST_ARGS)


bench: sysdeps-test prepare
	$(PY) -m bench.run $(BENCH_ARGS)

# The production set-up of deploy/ proven on fresh minimal Debian 12 machines (root, ~30 min):
# install v1.0.0, upgrade to the committed HEAD, the checks of deploy/README.md, a restore drill.
deploy-check:
	@deploy/check/run

# `make print-SITE_URL PORT=8010`: what a variable comes to (used by the tests of this file).
print-%:
	@echo '$($*)'

clean:
	rm -rf $(VENV) reports staticfiles .pytest_cache .ruff_cache .mypy_cache
