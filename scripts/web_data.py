#!/usr/bin/env python3
"""Writes the data the playground fetches after its first paint into OUT/data/:

- managed/<Name>.json: one file per shipped AWS managed policy
  ({"name", "arn", "version", "document"}), fetched only when a scenario attaches it;
- managed-policy-names.txt: every AWS managed policy's name and ARN;
- catalog.txt: the action catalog, for `iam_engine::catalog::install` (the request
  checks beside each decision);

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
    with open(os.path.join(src, "managed-policies.json"), encoding="utf-8") as f:
        shipped = json.load(f)
    n = 0
    for name, p in shipped.items():
        if name.startswith("_"):
            continue
        if not all(c.isalnum() or c in "-_." for c in name):
            print(f"web_data: skipping a policy with an unsafe name: {name!r}", file=sys.stderr)
            continue
        doc = {"name": name, "arn": p["arn"], "version": p.get("version", ""), "document": p["document"]}
        with open(os.path.join(managed, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, separators=(",", ":"))
        n += 1
    with open(os.path.join(managed, "index.json"), "w", encoding="utf-8") as f:
        json.dump(sorted(n for n in shipped if not n.startswith("_")), f)
    shutil.copyfile(os.path.join(src, "managed-policy-names.txt"), os.path.join(out, "managed-policy-names.txt"))
    shutil.copyfile(os.path.join(src, "catalog.txt"), os.path.join(out, "catalog.txt"))
    write_completions(src, out)
    shutil.copyfile(os.path.join(src, "ATTRIBUTION.md"), os.path.join(out, "ATTRIBUTION.md"))
    print(f"web_data: {n} managed policy documents and the list of names in {out}")
    return 0


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
