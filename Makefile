# jiefen — make help lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The provincial stand-in `make run` delivers exchange messages to (config/settings/dev.py).
STANDIN_PORT ?= 8765
# What mypy checks in `make test`: the kernel (strict: pyproject.toml), the calendar and cases.
MYPY_PATHS := jiefen/core jiefen/workdays jiefen/cases

.DEFAULT_GOAL := help

#: help - list the targets
help:
	@grep -E '^#:' Makefile | sed 's/^#: /  make /'

$(VENV)/.run-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.dev-stamp: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.run-stamp

#: run - install, migrate, serve on HOST:PORT (default 127.0.0.1:8000) while loading the demo district, beside the provincial stand-in
run: $(VENV)/.run-stamp
	@mkdir -p var/log
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py exchange_standin --port $(STANDIN_PORT) >>var/log/exchange-standin.log 2>&1 & \
	$(PY) manage.py serve --demo --host $(HOST) --port $(PORT); status=$$?; kill $$! 2>/dev/null; exit $$status

#: test - ruff, import-linter, mypy, makemigrations --check, the whole pytest suite (browser tests skip without Chromium)
test: $(VENV)/.dev-stamp
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy $(MYPY_PATHS)
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run -v0
	$(VENV)/bin/pytest -n auto

#: bench - seed BENCH_CASES cases (100,000 on SQLite; BENCH_ARGS=--million with DATABASE_URL), time the pages, print each budget met or missed (BENCH_ARGS=--profile: cProfile tops in var/bench/)
bench: $(VENV)/.dev-stamp
	$(PY) -m bench $(BENCH_ARGS)

#: loadtest - a mixed day at the window (Locust, headless, loopback) against jiefen serve on the DATABASE_URL bench database (LOAD_ARGS="--users 60 --seconds 120")
loadtest: $(VENV)/.dev-stamp
	$(PY) -m bench.load $(LOAD_ARGS)

#: format - ruff format and autofix
format: $(VENV)/.dev-stamp
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

#: messages - refresh the English translation catalogue
messages: $(VENV)/.dev-stamp
	cd jiefen && ../$(PY) ../manage.py makemessages -l en --no-obsolete --ignore=static

#: clean - remove the venv and the local database
clean:
	rm -rf $(VENV) var *.egg-info

.PHONY: help run test bench loadtest format messages clean
