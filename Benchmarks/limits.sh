#!/usr/bin/env bash
# The largest request each command accepts, run once with the release build:
# wall time and peak memory (issue 18: every accepted request finishes within
# 60 s and under 2 GB). Usage: Benchmarks/limits.sh [BIN]  (default .build/release/qkdtutor)
set -uo pipefail
bin=${1:-.build/release/qkdtutor}
printf '%-96s %9s %9s %s\n' "request (at its limit)" "wall s" "peak MB" "exit"
run() {
    local out rc
    out=$(mktemp)
    /usr/bin/time -f '%e %M' -o "$out" "$bin" run "$@" --seed 1 --json >/dev/null 2>&1
    rc=$?
    read -r wall kb < <(tail -1 "$out")
    rm -f "$out"
    printf '%-96s %9s %9s %s\n' "$*" "$wall" "$(( kb / 1024 ))" "$rc"
}
run polarization --source H --analyzer 22.5 --photons 100000000
run polarization --source unpolarized --analyzer H --then D --then V --photons 100000000
run polarization --source H --sweep 1 --photons 552486
run bb84 --photons 100000000
run bb84 --photons 50000000 --misalignment 0.02 --distill
run bb84 --source wcp --mu 0.48 --decoys 0.1,0 --decoy-probability 0.2 --preset modern-fiber --distance 25 --photons 100000000 --distill
run e91 --pairs 50000000 --distill
run cascade --bits 25000000 --qber 0.05 --variant option8
run keyrate --model decoy-vacuum-weak --preset gys --distance 0:10000:1 --compare
run network beijing-shanghai --hours 164
run network jinan-2017 --hours 168 --from gov-001 --to Shanghai-user
run satellite --station Xinglong --passes 100 --relay-to Graz
