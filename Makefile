# The two commands of the README's quick start: `make pack` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
APT := DEBIAN_FRONTEND=noninteractive apt-get -y -qq

.PHONY: pack test chromium poppler bench clean

pack: $(INSTALLED)
	$(BIN)/packgen validate
	$(BIN)/packgen build
	$(BIN)/packgen verify

test: $(INSTALLED) chromium poppler
	$(BIN)/ruff check packgen tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The gallery's browser test drives Debian's Chromium: install it when we are root with apt-get
# (refreshing the package lists if need be); otherwise that one test is skipped, never the build.
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get && \
	  { $(APT) install chromium || { $(APT) update && $(APT) install chromium; }; }; } >/dev/null 2>&1 || \
	  echo "could not install chromium; the browser test will be skipped"

# The structure-tree goldens are read with Debian's poppler-utils (pdfinfo -struct-text): installed
# the same way; without it those tests are skipped with the reason.
poppler:
	@test -x /usr/bin/pdfinfo || { [ "$$(id -u)" = 0 ] && command -v apt-get && \
	  { $(APT) install poppler-utils || { $(APT) update && $(APT) install poppler-utils; }; }; } >/dev/null 2>&1 || \
	  echo "could not install poppler-utils; the structure-tree golden tests will be skipped"

bench: $(INSTALLED)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/tagging.py

# PYTHONWARNINGS: setuptools warns about editable installs at length; it is not the user's to act on.
$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) output build *.egg-info
