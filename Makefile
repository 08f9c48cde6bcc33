# Charter Workshop: `make run` to try it, `make test` to check it.
# Each step only runs again when what it depends on has changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
# Each page's script (static/js/*.js) is bundled with the modules it imports into static/build/js/.
SCRIPTS := $(wildcard static/js/*.js static/js/*/*.js)
ASSETS := static/build/app.css static/build/critical/participant.css $(patsubst static/js/%.js,static/build/js/%.js,$(wildcard static/js/*.js))
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
	@echo "                then run the lint checks and all the tests (node --test, then pytest)"
	@echo "  make lint     check the code's style: Python with ruff, the browser scripts with ESLint"
	@echo "  make format   fix the Python code's style and formatting with ruff"
	@echo "  make install  only set up: the Python environment (.venv) and the built styles and scripts"
	@echo "  make clean    remove everything the commands above made (.venv, node_modules, built files)"
	@echo
	@echo "Options: PORT=5123 make run serves on another port;"
	@echo "         make test PYTEST_ARGS='-m \"not browser\"' passes options to pytest;"
	@echo "         make test PYTEST_WORKERS=4 runs the tests in 4 processes (2 unless told, 0 for one)."

run: install
	$(BIN)/python -m workshop

# pytest shares the tests out between this many processes (pytest-xdist), one a core: each has its
# own databases, Redis channel, served app and browser (tests/conftest.py). 0 runs them in one.
PYTEST_WORKERS ?= 2

test: install test-packages lint
	npm test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMPS)/pip.stamp node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npm run lint

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

# Styles compiled from static/scss/, the phone's critical styles found in them for its
# templates, and the pages' scripts bundled.
$(ASSETS) &: node_modules/.package-lock.json $(wildcard static/scss/*.scss) $(SCRIPTS) scripts/build-scripts.mjs \
		scripts/build-critical-styles.mjs $(wildcard templates/*.html templates/*/*.html)
	npm run build
	@touch $(ASSETS)

clean:
	rm -rf $(VENV) node_modules static/build $(STAMPS) .pytest_cache .ruff_cache test-artifacts
