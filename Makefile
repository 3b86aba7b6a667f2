# `make run` runs the whole system locally; `make test` runs the tests. Both set up what they need.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: install services migrate seed run test lint

$(BIN)/.installed: pyproject.toml scripts/build-llama-wheel.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch alone and first: 2.13.0 is the CPU build on this machine's disk; a dependency
	# resolved later must find it installed rather than pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	bash scripts/build-llama-wheel.sh $(VENV)
	$(BIN)/pip install --quiet -e '.[dev,ai]'
	touch $@

install: $(BIN)/.installed

services:
	bash scripts/services.sh

migrate: install services
	$(BIN)/dinner db migrate

# Demo accounts, one per role, made once and printed with how to sign in (local mode only).
seed: migrate
	$(BIN)/dinner menu seed
	$(BIN)/dinner users demo

run: seed
	$(BIN)/dinner run

# The web app's packages, for its tests (tests/web); skipped, with a note, without Node.js.
web/node_modules/.package-lock.json: web/package-lock.json
	@if command -v npm >/dev/null 2>&1; then cd web && npm ci --no-audit --no-fund; \
	else echo "npm not found: the web app's tests will be skipped (README.md, 'Web app')"; fi

test: install services web/node_modules/.package-lock.json
	bash scripts/tools.sh
	$(BIN)/pytest

lint: install web/node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@if command -v npm >/dev/null 2>&1; then cd web && npm run --silent typecheck; \
	else echo "npm not found: the web app's type check did not run"; fi
