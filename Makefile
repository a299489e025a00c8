# Civic Channels: two commands set everything up on a fresh machine.
#   make lab    open the course in JupyterLab (creates .venv on first run)
#   make test   run every test (creates .venv on first run)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8888
JOBS   ?= auto

# The course's own Jupyter settings (start page, no news pop-up) live in .jupyter/.
export JUPYTER_CONFIG_PATH := $(CURDIR)/.jupyter$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH))
export PATH := $(CURDIR)/$(BIN):$(PATH)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help setup translations lab test test-fast lint format datasets lessons release benchmark benchmark-hub site clean

help:
	@echo "make lab        open the course in JupyterLab"
	@echo "make test       run every test (lint, units, datasets, notebooks, grading, browser)"
	@echo "make test-fast  the same without the slow grading and browser tests"
	@echo "make format     format code and notebooks with ruff"
	@echo "make datasets   regenerate datasets/ from course_utils.synthetic"
	@echo "make lessons    re-execute the lessons and store their outputs (after make datasets)"
	@echo "make release    regenerate exercises/ from solutions/ (nbgrader)"
	@echo "make benchmark  time lessons and grading (see benchmarks/)"
	@echo "make benchmark-hub  35 participants on a real seminar JupyterHub at once (root)"
	@echo "make site       build the course website, readable offline, into build/site/"
	@echo "make translations  compile the Russian and Kazakh catalogs (lab and test do it)"

# (Re)create the virtual environment when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# The translations (course_utils/locale/<lang>/LC_MESSAGES/*.po) compiled for gettext (.mo),
# again whenever a .po file changes.
PO_FILES := $(wildcard course_utils/locale/*/LC_MESSAGES/*.po)
COMPILED := course_utils/locale/.compiled

$(COMPILED): $(PO_FILES) $(STAMP)
	@$(BIN)/python -m course_utils.catalogs compile
	@touch $@

translations: $(COMPILED)

setup: $(STAMP) translations

lab: $(STAMP) translations
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP) translations lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile tests notebooks \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile tests -m "not grading and not browser and not hub"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

datasets: $(STAMP)
	$(BIN)/python -m course_utils.synthetic
	$(BIN)/python -m course_utils.synthetic.exports

lessons: $(STAMP)
	$(BIN)/python site/execute_lessons.py

release: $(STAMP)
	$(BIN)/course release

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

benchmark-hub: $(STAMP)
	$(BIN)/python benchmarks/hub_load_benchmark.py

site: $(STAMP)
	$(BIN)/python site/build.py --out build/site

clean:
	rm -rf $(VENV) grading build .pytest_cache .ruff_cache test-artifacts
