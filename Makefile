# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing
# (Debian packages; the database stand-in's Python venv via scripts/mongo-local), start a
# local database unless MONGODB_URI is set, and stop it when they end.

SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8080
export HOST PORT

APT_PACKAGES := libmongoc-dev libbson-dev pkg-config
# Where `make run` keeps its data between runs; `make test` always uses a fresh directory.
RUN_DBPATH := .data/mongo

.PHONY: run test test-standin build deps clean bench bench-scale fuzz soak asan

run: deps
	swift build --product trip-planner
	mkdir -p $(RUN_DBPATH)
	scripts/with-mongo --dbpath $(RUN_DBPATH) -- .build/debug/trip-planner

test: deps test-standin
	swift build --build-tests
	scripts/with-mongo -- swift test --skip-build --disable-swift-testing

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
	@missing=$$(for package in $(APT_PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || echo $$package; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf .build .build-asan .venv .venv-fuzz .mongo-local
