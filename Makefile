# Charter Workshop: `make run` to try it, `make test` to check it.
# Each step only runs again when what it depends on has changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
ASSETS := static/build/app.css static/vendor/socket.io.min.js static/vendor/axe.min.js
# Debian packages the tests need: a browser, Word-to-PDF conversion, PDF tools and fonts.
TEST_PACKAGES := chromium libreoffice-writer-nogui poppler-utils fonts-dejavu-core fonts-liberation

.DEFAULT_GOAL := help
.PHONY: help run test lint format install test-packages clean

help:
	@echo "Charter Workshop"
	@echo
	@echo "  make run      set everything up, then serve the app on http://127.0.0.1:5000"
	@echo "                (migrates the database and loads the example charters first)"
	@echo "  make test     set everything up, install the Debian packages the tests need,"
	@echo "                then run the lint checks and all the tests"
	@echo "  make lint     check the Python code's style and formatting with ruff"
	@echo "  make format   fix the Python code's style and formatting with ruff"
	@echo "  make install  only set up: the Python environment (.venv) and the built styles and scripts"
	@echo "  make clean    remove everything the commands above made (.venv, node_modules, built files)"
	@echo
	@echo "Options: PORT=5123 make run serves on another port;"
	@echo "         make test PYTEST_ARGS='-m \"not browser\"' passes options to pytest."

run: install
	$(BIN)/python -m workshop

test: install test-packages lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMPS)/pip.stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMPS)/pip.stamp
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(STAMPS)/pip.stamp $(ASSETS)

test-packages:
	@scripts/debian-packages.sh $(TEST_PACKAGES)

# The Python environment. Debian's own Python needs python3-venv for this.
$(VENV)/pyvenv.cfg:
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || scripts/debian-packages.sh python3-venv
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/pip.stamp: requirements.txt requirements-dev.txt $(VENV)/pyvenv.cfg
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@

# Front-end packages, exactly as package-lock.json lists them.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --include=dev --ignore-scripts --no-audit --no-fund
	@touch $@

# Styles compiled from static/scss/, and browser scripts copied from node_modules.
$(ASSETS) &: node_modules/.package-lock.json $(wildcard static/scss/*.scss) scripts/copy-vendor.mjs
	npm run build
	@touch $(ASSETS)

clean:
	rm -rf $(VENV) node_modules static/build static/vendor $(STAMPS) .pytest_cache .ruff_cache test-artifacts
