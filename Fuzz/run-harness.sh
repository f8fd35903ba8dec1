#!/usr/bin/env bash
# Runs one fuzz harness: Fuzz/run-harness.sh BINARY HARNESS RUNS SECONDS OUT [SEED]
# SEED 0 (the default) lets libFuzzer pick one; a fixed seed replays the same inputs (CI's smoke run).
# The working corpus (what libFuzzer adds), crashes and the log go under OUT; the seeds in
# fixtures/fuzz/HARNESS are read, never written. Exits non-zero when an input crashes the harness.
set -uo pipefail
binary=$1 harness=$2 runs=$3 seconds=$4 out=$5 seed=${6:-0}
mkdir -p "$out/corpus/$harness" "$out/crashes/$harness" "$out/logs"
log="$out/logs/$harness.log"
dict=()
[ -f "fixtures/fuzz/$harness.dict" ] && dict=(-dict="fixtures/fuzz/$harness.dict")
# Swift's own crash reporter fights AddressSanitizer (and can hang); libFuzzer prints the stack instead.
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$binary" "$harness" "${dict[@]}" \
    -runs="$runs" -max_total_time="$seconds" -seed="$seed" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$harness/" "$out/corpus/$harness" "fixtures/fuzz/$harness" >"$log" 2>&1
status=$?
if [ $status -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz: $harness failed (status $status); the input is in $out/crashes/$harness/, the log in $log" >&2
    exit $status
fi
done_line=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1)
echo "fuzz: $harness ok: ${done_line:-no runs}; $(grep -E 'stat::number_of_executed_units' "$log")"
