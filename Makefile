# The two commands of the README's quick start, and a few more.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LIBS := libre2-dev libsqlite3-dev

.PHONY: deps run test check bench

## Installs Debian's libre2-dev and libsqlite3-dev when they are missing.
deps:
	@dpkg -s $(LIBS) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(LIBS); }

## The main job: build in release mode, check the bundled rules, then run the gateway on 127.0.0.1:8080.
run: deps
	swift build -c release --product modgate
	.build/release/modgate rules check rules
	.build/release/modgate serve

## Builds and runs every test. Output is line-buffered so a log shows the last test that ran, and a run
## that outlives 20 minutes (a hung test; the suite takes under one) is stopped.
test: deps
	swift build --build-tests
	timeout --kill-after=30s 20m stdbuf -oL -eL swift test --skip-build

## A backtest of the bundled rules over the real chat sample.
check: deps
	swift build -c release --product modgate
	.build/release/modgate check --jsonl --summary fixtures/chat/chitchat_20k.jsonl

## The rules benchmark, release build.
bench: deps
	swift build -c release --product modgate
	.build/release/modgate bench rules
