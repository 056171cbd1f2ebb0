# The two commands of the README. Both set up .venv first (idempotent; the first time builds the
# offline model's runtime, ~5-7 minutes, then reuses the cached wheel).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test setup lint

setup:
	./scripts/setup_env.sh

## The main job: the default suite on the embedded offline model, then the report.
run: setup
	$(BIN)/incident-evals run

## Lint, type-check and the whole test suite (offline; no API key needed).
test: setup lint
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check tasks scorers evals tests benchmarks experiments
	$(BIN)/ruff format --check tasks scorers evals tests benchmarks experiments
	$(BIN)/mypy
