# The two commands of the README's quick start, and a few more.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LIBS := libre2-dev libsqlite3-dev

.PHONY: deps run test check bench fuzz-build fuzz fuzz-smoke kill-loop

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
	$(MAKE) fuzz-smoke

## A backtest of the bundled rules over the real chat sample.
check: deps
	swift build -c release --product modgate
	.build/release/modgate check --jsonl --summary fixtures/chat/chitchat_20k.jsonl

## The rules benchmark, release build.
bench: deps
	swift build -c release --product modgate
	.build/release/modgate bench rules

## Fuzzing (docs/fuzzing.md): the libFuzzer harnesses, built with -sanitize=fuzzer,address in .build-fuzz (NIO,
## Hummingbird and the store are not part of it). Each harness runs FUZZ_RUNS inputs (-1: no limit) or
## FUZZ_SECONDS seconds, whichever ends first. The corpus it grows, crashes and logs go to FUZZ_OUT, outside git.
## Example: make fuzz FUZZ_HARNESSES=frame FUZZ_RUNS=2000000 FUZZ_SECONDS=3600
FUZZ_HARNESSES ?= frame token normalizer check rules chain-config
FUZZ_RUNS ?= -1
FUZZ_SECONDS ?= 60
FUZZ_OUT ?= .build-fuzz/out
FUZZ_SEED ?= 0

fuzz-build: deps
	MODGATE_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product modgate-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld

fuzz: fuzz-build
	@for harness in $(FUZZ_HARNESSES); do \
		Fuzz/run-harness.sh .build-fuzz/release/modgate-fuzz $$harness $(FUZZ_RUNS) $(FUZZ_SECONDS) $(FUZZ_OUT) $(FUZZ_SEED) || exit 1; \
	done

## What CI runs after the tests: each harness briefly from its seeds, with a fixed seed so that a run is
## repeatable, in a corpus of its own.
fuzz-smoke:
	rm -rf .build-fuzz/smoke
	$(MAKE) fuzz FUZZ_HARNESSES="frame token normalizer check rules chain-config" FUZZ_RUNS=50000 FUZZ_SECONDS=20 FUZZ_SEED=1 \
		FUZZ_OUT=.build-fuzz/smoke
## The kill loop (docs/gateway.md): a real gateway under load SIGKILLed 20 times, then every promise checked.
kill-loop: deps
	swift build --build-tests
	MODGATE_KILL_ROUNDS=20 timeout --kill-after=30s 20m stdbuf -oL -eL swift test --skip-build --filter KillLoopTests
