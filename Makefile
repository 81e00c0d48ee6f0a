# Career Guide: `make run` serves the guide on http://127.0.0.1:$(PORT); `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

.PHONY: run test bench install install-dev browser wrk lint lock clean

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_onet
	$(BIN)/python manage.py import_oews
	$(BIN)/python manage.py load_content
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The tests that commit to the database (live servers, real browsers) run on their own after the
# others, which run on every core (pytest-xdist, a test database per worker; see tests/conftest.py).
TEST_WORKERS ?= auto
test: install-dev browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not transactional"
	$(BIN)/python -m pytest -m transactional

# Load times of the whole catalogue, each kind of page's queries, size and time, and search times
# (pages rendered, not served from the page cache); then over HTTP with gunicorn: requests/s, p50 and
# p99 of each kind of page with the page cache on and off, and a 60 s soak at 64 connections while
# an editor saves every second, on SQLite and on a throwaway PostgreSQL when Debian's postgresql is
# installed (tests/bench_http.py; about 6 minutes in all). BENCH_HTTP=--quick: 3 s per page, 15 s soaks.
# For PostgreSQL: DATABASE_URL=postgres://... $(BIN)/python tests/bench_search.py (empties that database).
BENCH_HTTP ?=
bench: install-dev wrk
	env -u DATABASE_URL $(BIN)/python tests/bench_catalogue.py
	env -u DATABASE_URL $(BIN)/python tests/bench_http.py $(BENCH_HTTP)
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		env -u DATABASE_URL $(BIN)/python tests/bench_http.py --postgres --soak-only $(BENCH_HTTP); \
	else \
		echo "No PostgreSQL server programs: skipped the soak on PostgreSQL (Debian's postgresql)."; \
	fi

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Career Guide needs Python 3.11 or newer (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@ $(VENV)/.installed-base

# The browser tests drive Debian's Chromium; install it when we can (as root with apt), never download one.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "The browser tests need Chromium at $(CHROMIUM): install Debian's 'chromium' package (or set CHROMIUM=/path/to/chromium)."; \
			exit 1; \
		fi; \
	fi

# The HTTP bench drives Debian's wrk; install it the same way.
wrk:
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's wrk for the HTTP bench..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "The HTTP bench needs wrk: install Debian's 'wrk' package."; \
			exit 1; \
		fi; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Re-pin every dependency (exact versions with hashes) after editing requirements/*.in.
lock: install-dev
	$(BIN)/python -m pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o base.txt base.in
	cd requirements && ../$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o dev.txt dev.in

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
