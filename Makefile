# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing
# (Debian packages; the database stand-in's Python venv via scripts/mongo-local; the browser
# tests' Selenium venv), start a local database unless MONGODB_URI is set, and stop it when
# they end.

SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8080
export HOST PORT

# The web companion's map and charts are Debian's Leaflet and Chart.js, served from where the
# packages install them; the browser tests drive Debian's Chromium.
APT_PACKAGES := libmongoc-dev libbson-dev pkg-config libjs-leaflet libjs-chart.js
BROWSER_PACKAGES := chromium chromium-driver
# Where `make run` keeps its data between runs; `make test` always uses a fresh directory.
RUN_DBPATH := .data/mongo

.PHONY: run test test-standin test-browser build deps browser-deps clean bench bench-scale fuzz soak asan

run: deps
	swift build --product trip-planner
	mkdir -p $(RUN_DBPATH)
	scripts/with-mongo --dbpath $(RUN_DBPATH) -- .build/debug/trip-planner

test: deps browser-deps test-standin
	swift build --build-tests
	scripts/with-mongo -- swift test --skip-build --disable-swift-testing
	BROWSER_BUILD=0 scripts/browser/run

# The web companion in headless Chromium; screenshots and timings in .build/screenshots/.
test-browser: deps browser-deps
	scripts/browser/run

test-standin:
	scripts/mongo-local ensure-venv
	PYTHONPATH=scripts .venv/bin/python -m pytest -q -p no:cacheprovider scripts/mongo_standin/tests

build: deps
	swift build

# Release-build throughput and latency against the database's own limit; see scripts/bench/run.
bench: deps
	scripts/bench/run

# Costs at 1,000 to 100,000 trips on the database stand-in; see scripts/bench/scale.
bench-scale: deps
	scripts/bench/scale

# schemathesis against the OpenAPI document and a live server; see scripts/fuzz/run.
fuzz: deps
	scripts/fuzz/run

# Steady mixed load on a release build; fails when the server's memory keeps growing. See scripts/soak.
soak: deps
	scripts/soak

# The driver-facing tests under AddressSanitizer, in .build-asan. See scripts/asan.
asan: deps
	scripts/asan

deps:
	@scripts/lib/apt-ensure $(APT_PACKAGES)

browser-deps:
	@scripts/lib/apt-ensure $(BROWSER_PACKAGES)

clean:
	rm -rf .build .build-asan .venv .venv-fuzz .venv-browser .mongo-local
