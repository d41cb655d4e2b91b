# BreakZero — two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENTERPRISES ?= 2000

# A working Python 3.12+: python3.13/python3.12 on PATH if they run (pyenv shims
# fail unless selected), else pyenv's installed versions, else python3 if new enough.
find_python = $(shell for c in python3.13 python3.12 \
	$$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[3-9]*/bin/python3 $$(pyenv root 2>/dev/null)/versions/3.12*/bin/python3 2>/dev/null) \
	python3; do \
	  if $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v $$c; break; fi; \
	done)

# Runs a command with its output kept in var/<log>; shows it only if the command fails
# (pip's warnings and notices stay out of `make run`).
quiet = mkdir -p var; echo "安装依赖 / installing dependencies (log: var/$(1))"; \
	if ! ( $(2) ) >var/$(1) 2>&1; then cat var/$(1); echo "安装失败 / install failed (var/$(1))"; exit 1; fi

.PHONY: venv install install-test run serve worker test test-sqlite migrate seed messages manual-screenshots clean bench stack stack-stop stack-test

$(VENV)/.installed: pyproject.toml
	@PYBIN="$(call find_python)"; \
	if [ -z "$$PYBIN" ]; then echo "需要 Python 3.12+ / Python 3.12+ is required (none found)"; exit 1; fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  rm -rf $(VENV); echo "Using $$PYBIN"; "$$PYBIN" -m venv $(VENV); fi
	@$(call quiet,pip-install.log,$(PY) -m pip install -q --upgrade pip && $(PY) -m pip install -q -e .)
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@$(call quiet,pip-install-test.log,$(PY) -m pip install -q -e '.[test]')
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	mkdir -p var/static var/media
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages --ignore '.venv' >/dev/null 2>&1 || true

seed: migrate
	$(PY) manage.py seed_demo --enterprises $(DEMO_ENTERPRISES) --seed 2020
	$(PY) manage.py portal_setup --demo

# Runs the platform on the embedded default (SQLite under var/) with demo data:
# web server on http://$(HOST):$(PORT) and a background task worker.
run: seed
	@if (exec 3<>/dev/tcp/$(HOST)/$(PORT)) 2>/dev/null; then \
	  echo "端口 $(PORT) 已被占用 / port $(PORT) is in use: stop the other server or run make run PORT=8001"; exit 1; fi
	@$(PY) manage.py demo_logins --address $(HOST):$(PORT)
	@trap 'trap - EXIT INT TERM; kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --interval 1 --queue-name '*' & \
	$(PY) manage.py runserver $(HOST):$(PORT) --noreload

worker: install
	$(PY) manage.py db_worker --queue-name "*"

# The whole suite; PostgreSQL when DATABASE_URL points at it, SQLite otherwise.
# Then the proof that the access guards bite (scripts/mutation_check.py; MUTATION=0 skips it).
MUTATION ?= 1
test: install-test
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)
	@if [ "$(MUTATION)" = "1" ]; then $(PY) scripts/mutation_check.py; fi

# The manual's screenshots, taken by the browser test as each role's demo user (var/manual/).
manual-screenshots: install-test
	$(PY) -m pytest -p no:xdist -q -m browser breakzero/manual/tests/test_browser_screenshots.py

messages: install
	$(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'var/*'

bench: install-test
	@echo "see BENCHMARKS.md for each benchmark's command"

# The production shape on this machine (scripts/stack.sh, docs/DEPLOY.md): PostgreSQL primary +
# streaming replica, Redis, 2 gunicorn behind nginx, 2 RQ workers and the scheduler.
stack: install
	bash scripts/stack.sh start

stack-stop:
	bash scripts/stack.sh stop

# On a running stack: web import, progress, load, faults (scripts/stack_test.py).
stack-test: install-test
	$(PY) scripts/stack_test.py

clean:
	rm -rf $(VENV) var/*.sqlite3
