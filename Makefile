# The two commands: `make run` (the service on embedded defaults) and `make test` (the suite).
# Both create the virtualenv and install what they need on a fresh machine.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Debian packages the tests use: speech synthesis and audio conversion for the Vosk tests,
# Chromium for the console's browser tests (driven by Playwright, which downloads nothing).
TEST_DEBS := espeak-ng sox chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test system-deps bench clean

run: $(VENV)/.runtime
	$(PY) -m flask --app app serve

test: $(VENV)/.dev system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(PY) bench/webhook.py

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt requirements-data.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-data.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-data.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-data.txt
	touch $(VENV)/.runtime $@

system-deps:
	@missing=""; for cmd in $(TEST_DEBS); do command -v $$cmd >/dev/null || missing="$$missing $$cmd"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get install -y -q $(TEST_DEBS) >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $(TEST_DEBS) >/dev/null; }; \
	fi

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache
