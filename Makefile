# Quick start: `make run` (set up, then run the product on the shipped corpus)
# and `make test` (set up, then run every test). Both work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REPORT := corpus/reports/bao-cao-cchc-2019-sldtbxh-ha-tinh.txt

.PHONY: run test setup setup-test chromium ocr a11y bench law-names clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python ocr
	$(BIN)/pip install --quiet -e .

setup-test: $(BIN)/python chromium ocr a11y
	$(BIN)/pip install --quiet -e '.[test]'

# The browser tests' accessibility check injects axe-core, from the npm registry
# (tests/a11y, pinned by its package-lock.json); npm comes with Debian's nodejs.
a11y:
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --prefix tests/a11y --no-audit --no-fund --silent

# Browser tests drive Debian's chromium (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Scanned PDFs are read with Debian's Tesseract and its Vietnamese model; pdftoppm rasterises pages.
ocr:
	@{ command -v tesseract >/dev/null && command -v pdftoppm >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx vie; } || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie poppler-utils; }

# Build the KB from the shipped corpus (incremental after the first time), then serve it
# with gunicorn (cancu serve); Ctrl+C stops it.
run: setup
	$(BIN)/cancu build
	$(BIN)/cancu serve --host 127.0.0.1 --port 5000

test: setup-test
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/citations.py corpus/phapdien/phapdien-2025-02.tar.xz
	$(BIN)/python bench/build.py
	$(BIN)/python bench/review.py

# Regenerate the table of law names from the pháp điển releases shipped in corpus/phapdien/.
law-names: setup
	$(BIN)/python -m indexer.law_names corpus/phapdien/phapdien-*.tar.xz > kb/data/law_names.tsv.tmp
	mv kb/data/law_names.tsv.tmp kb/data/law_names.tsv

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis tests/a11y/node_modules
