# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Needs python3 (3.11+), a JDK 17/21 and Maven on PATH (all on this project's machine kind).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BANGFU := $(BIN)/bangfu
DEMO_HOUSEHOLDS ?= 5000
DEMO_MONTHS ?= 6
DEMO_DIR := var/demo-months
DEMO_PORT ?= 8080

.PHONY: install neo4j fonts browser faketime lint test test-fast test-later demo demo-data clean-demo stop bench bench-web bundle

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

neo4j: install
	$(BANGFU) db install

# The CJK font of exported pictures comes with the Python dependencies (pylopdf-fonts-zh-cn);
# Debian's fonts-noto-cjk only if that font cannot be found (and we are root).
fonts: install
	@$(BIN)/python -m graph.export.fonts >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fonts-noto-cjk; fi; }
	@$(BIN)/python -m graph.export.fonts

# Browser tests drive Debian's chromium with playwright (never `playwright install`); the printed
# village file (tests/test_entity_browser.py) is read with poppler-utils' pdfinfo, pdftotext and pdftoppm.
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
	  else echo "缺少 /usr/bin/chromium（请以 root 运行 apt-get install -y chromium），浏览器测试将跳过"; fi; }
	@test -x /usr/bin/pdftoppm || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq --no-install-recommends poppler-utils \
	    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils; }; \
	  else echo "缺少 pdftoppm（请以 root 运行 apt-get install -y poppler-utils），打印测试将跳过"; fi; }

# `make test-later` runs the fast tests with the clock a year ahead (Debian's faketime), proving that no
# test depends on the day it runs.
faketime:
	@test -x /usr/bin/faketime || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq --no-install-recommends faketime \
	    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends faketime; }; \
	  else echo "缺少 faketime（请以 root 运行 apt-get install -y faketime）"; exit 1; fi; }

# Style and mistakes a reader should not have to spot (ruff: pycodestyle, pyflakes, import order,
# and the formatter's layout); part of `make test` and so of CI.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

FAST := not slow and not server and not browser and not crash
# The fast loop on two pytest-xdist workers, each with a Neo4j of its own (tests/conftest.py): whole
# modules in the conftest's order, so that a worker's modules still share its loaded counties.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Everything, in the order that fails soonest: ruff, the fast loop, then the rest (slow, second
# servers, browsers, crash drills), also on the workers: each second server, browser and crashed
# server is a test's own, on a free port (399 tests: 1,635 s in one process, 1,142 s on two workers).
test: lint test-fast fonts browser
	$(BIN)/python -m pytest -q $(XDIST) -m "not ($(FAST))"

# The tests that need only the session's Neo4j: no browser, no server of their own, no crash drills,
# nothing marked slow. For the edit-test loop; `make test` runs it first, then the rest.
test-fast: neo4j
	$(BIN)/python -m pytest -q $(XDIST) -m "$(FAST)"

# The fast tests a year from now: tests take "today" from graph/clock.py (fixed by tests/conftest.py),
# so a shifted machine clock changes nothing; CI runs this after `make test`.
test-later: neo4j faketime
	faketime -f '+365d' $(BIN)/python -m pytest -q $(XDIST) -m "$(FAST)"

# Installs, starts Neo4j, loads a demo county as DEMO_MONTHS monthly snapshots (idempotent: a second run
# loads nothing), then serves
# the web app in the foreground, printing its address and the first admin's login.
demo: neo4j fonts
	$(BANGFU) db status >/dev/null 2>&1 || $(BANGFU) db start
	$(BANGFU) db init
	test -d $(DEMO_DIR) || $(BANGFU) demo generate $(DEMO_DIR) --households $(DEMO_HOUSEHOLDS) --seed 1 --months $(DEMO_MONTHS)
	$(BANGFU) demo load $(DEMO_DIR)
	$(BANGFU) db status
	$(BANGFU) serve --host 127.0.0.1 --port $(DEMO_PORT)

stop:
	$(BANGFU) db stop

# Load and rule benchmarks (BENCHMARKS.md); not part of `make test`. Data and servers under var/bench/.
# Parameters: BENCH_HOUSEHOLDS (100000), BENCH_NAIVE_SHARE (0.05), BENCH_CSV_ROWS (5000),
# BENCH_CLI_HOUSEHOLDS (1000000; 0 skips), BENCH_RULE_SIZES (10000,100000,1000000), BENCH_RUNS (5),
# BENCH_HEAP / BENCH_PAGECACHE (4g / 4g), BENCH_WRITERS (load_writers: 2), BENCH_ROUNDS (2).
bench: neo4j
	$(BIN)/python bench/bench_load.py
	test "$${BENCH_CLI_HOUSEHOLDS:-1}" = 0 || $(BIN)/python bench/bench_cli_load.py
	$(BIN)/python bench/bench_rules.py

# Web load (locust, loopback): BENCH_WEB_USERS viewers on overview, gaps and a saved query for
# BENCH_WEB_SECONDS on a BENCH_WEB_HOUSEHOLDS county (generated and loaded under var/bench/ once).
bench-web: neo4j
	$(BIN)/python bench/bench_web_load.py --households $${BENCH_WEB_HOUSEHOLDS:-100000} \
	  --users $${BENCH_WEB_USERS:-50} --duration $${BENCH_WEB_SECONDS:-120}

# The offline installation archive for an office network with no internet (docs/deploy.md):
# dist/bangfu-offline-VERSION-linux-x86_64.tar.gz with every wheel for Linux x86_64 / CPython
# $(BUNDLE_PYTHON), the Neo4j jars and launcher, install.sh and the Chinese guide; prints its size.
# Needs PyPI (and Maven Central for `neo4j`); the install that follows needs neither.
BUNDLE_PYTHON ?= 3.11
bundle: neo4j
	$(BIN)/python deploy/build_bundle.py --python-version $(BUNDLE_PYTHON)
