# Two set-up commands on a fresh machine:
#   make demo   create .venv, install storyline, analyze the sample corpus, print a summary
#   make test   install the dev dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
DB     ?= storyline.db

.PHONY: demo test typecheck install install-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# A stamp per extra, rebuilt when the project's dependency files change.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e ".[dev,eval,ray]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/storyline analyze examples/corpus --db $(DB) --json story.json --html story.html
	$(BIN)/storyline summary --db $(DB)
	@echo
	@echo "Open the report:   xdg-open story.html   (or open it in any browser; it works offline)"
	@echo "Browse and query:  $(BIN)/storyline serve --db $(DB)   then visit http://127.0.0.1:8000/"

browser:
	bash scripts/install-browser.sh

# Typed public core, checked strictly; the rest of the package with mypy's defaults.
STRICT_MODULES := -p storyline.store -p storyline.fetch -m storyline.engine -m storyline.pipeline.registry -m storyline.pipeline.runner -m storyline.pipeline.ray_engine

typecheck: install-dev
	$(BIN)/python -m mypy --strict --follow-imports=silent $(STRICT_MODULES)
	$(BIN)/python -m mypy -p storyline

test: install-dev browser typecheck
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) story.json story.html $(DB) $(DB)-wal $(DB)-shm test-artifacts
