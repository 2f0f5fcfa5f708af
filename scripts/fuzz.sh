#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS: `scripts/fuzz.sh SECONDS TARGET...`.
# New coverage goes to .build-fuzz/corpus/TARGET; crashes to Tests/Fuzz/crashes/.
# Each run is logged to Tests/Fuzz/fuzz-log.tsv (date, target, seconds, result),
# which is how the time fuzzed per target is accounted for.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz.sh SECONDS TARGET...}; shift
bin=.build-fuzz/debug/QKDTutorFuzz
mkdir -p Tests/Fuzz/crashes
status=0
for t in "$@"; do
    work=.build-fuzz/corpus/$t
    mkdir -p "$work"
    start=$(date +%s)
    QKDTUTOR_FUZZ_TARGET=$t "$bin" "$work" "Tests/Fuzz/corpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="Tests/Fuzz/crashes/$t-" -print_final_stats=1 >".build-fuzz/$t.log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    result=$([ $rc -eq 0 ] && echo ok || echo "crash(rc=$rc)")
    printf '%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$took" "$result" >> Tests/Fuzz/fuzz-log.tsv
    echo "fuzz $t: ${took}s, $result ($(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' ".build-fuzz/$t.log" | awk '{print $2}') runs)"
    [ $rc -eq 0 ] || { status=1; tail -20 ".build-fuzz/$t.log"; }
done
exit $status
