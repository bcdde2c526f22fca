#!/usr/bin/env bash
# Command line throughput (issue 9): `iam-eval check` whole-process, reading included, on
# inputs generated into a temporary directory by tests/bench/gen_inputs.py (they are
# large, so never committed):
#   suite.json       6,800 cases (the conformance suite, cycled): decisions per second
#   big_policy.json  one case with a 200,000-statement policy (about 15 MB)
#   big_cases.json   20,000 cases of about 3 KB (about 60 MB)
# Figures, never a pass/fail. Elapsed time depends on what else the machine runs: the
# CPU time (user + system) is the steadier figure.
# Usage: tests/bench/cli_throughput.sh [RUNS] [IAM_EVAL]
#   RUNS runs of each input (default 10); IAM_EVAL a binary to time instead of the
#   release build of this tree (to compare with another build).
#   INPUTS=DIR keeps the inputs in DIR (generated there when missing) instead of a
#   temporary directory, to time several builds on the same files.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
exe=${2:-}
if [ -z "$exe" ]; then
  cargo build --locked -q --release --bin iam-eval
  exe=${CARGO_TARGET_DIR:-target}/release/iam-eval
fi
if [ -n "${INPUTS:-}" ]; then
  tmp=$INPUTS
  [ -f "$tmp/big_cases.json" ] || python3 tests/bench/gen_inputs.py "$tmp"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 tests/bench/gen_inputs.py "$tmp"
fi
python3 - "$exe" "$tmp" "$runs" <<'PY'
import os, resource, subprocess, sys, time
exe, tmp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, cases in (("suite.json", 6800), ("big_policy.json", 1), ("big_cases.json", 20000)):
    path = os.path.join(tmp, name)
    walls = []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run([exe, "check", path], stdout=subprocess.PIPE, check=False)
        walls.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.exit(f"{name}: iam-eval check exited {r.returncode}: {r.stdout.decode()[-300:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / runs
    rss = after.ru_maxrss
    mean, best = sum(walls) / runs, min(walls)
    size = os.path.getsize(path) / 1e6
    line = (f"{name} ({size:.1f} MB, {cases} cases): {1000*mean:.0f} ms elapsed mean, "
            f"{1000*best:.0f} ms min, {1000*cpu:.0f} ms CPU mean")
    if cases > 1:
        line += f"; {cases/best:,.0f} decisions/s (min), {cases/cpu:,.0f} per CPU second"
    print(line)
print(f"peak memory of the largest run: {rss/1024:.0f} MB")
PY
