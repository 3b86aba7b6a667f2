# `make run` runs the whole system locally; `make test` runs the tests. Both set up what they need.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: install services migrate seed run test lint

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

services:
	bash scripts/services.sh

migrate: install services
	$(BIN)/dinner db migrate

seed: migrate
	$(BIN)/dinner menu seed

run: seed
	$(BIN)/dinner run

test: install services
	bash scripts/tools.sh
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
