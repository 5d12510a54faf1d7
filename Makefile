# The two commands of the README's quick start: `make pack` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
APT := DEBIAN_FRONTEND=noninteractive apt-get -y -qq

.PHONY: pack test chromium bench clean

pack: $(INSTALLED)
	$(BIN)/packgen validate
	$(BIN)/packgen build
	$(BIN)/packgen verify

test: $(INSTALLED) chromium
	$(BIN)/python -m pytest

# The gallery's browser test drives Debian's Chromium: install it when we are root with apt-get
# (refreshing the package lists if need be); otherwise that one test is skipped, never the build.
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get && \
	  { $(APT) install chromium || { $(APT) update && $(APT) install chromium; }; }; } >/dev/null 2>&1 || \
	  echo "could not install chromium; the browser test will be skipped"

bench: $(INSTALLED)
	$(BIN)/python bench/bench.py

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) output build *.egg-info
