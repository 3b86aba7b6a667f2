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
