#!/usr/bin/env python3
"""Seeds the fuzz corpora (corpus/<target>/, not in git) from the repository's tests.

policy:   every policy document found in the case files, the scenarios and the shared
          conformance examples, once per kind byte that suits it;
casefile: each case of tests/cases/*.json and the shared examples, one file a case;
scenario: scenarios/*.json;
share:    the share link of each scenario (raw DEFLATE, base64url without padding);
import:   engine/tests/import/*.json, alone and all together (NUL-separated).
"""

import base64
import hashlib
import json
import pathlib
import zlib

FUZZ = pathlib.Path(__file__).resolve().parent
REPO = FUZZ.parent
CORPUS = FUZZ / "corpus"

# The policy target's first byte: its index in this list (fuzz_targets/policy.rs).
KINDS = ["identity", "resource", "trust", "key", "boundary", "session", "scp", "rcp",
         "endpoint"]


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def case_files():
    files = sorted((REPO / "tests" / "cases").glob("*.json"))
    shared = REPO.parent / "shared" / "conformance" / "examples.json"
    if shared.exists():
        files.append(shared)
    return files


def policies(node, kind="identity"):
    """(kind, document) for every policy document inside a JSON value."""
    if isinstance(node, dict):
        if "Statement" in node:
            yield kind, node
            return
        for k, v in node.items():
            k_lc = k.lower()
            sub = kind
            for word, name in [("boundary", "boundary"), ("session", "session"),
                               ("scp", "scp"), ("rcp", "rcp"), ("endpoint", "endpoint"),
                               ("trust", "trust"), ("key_policy", "key"),
                               ("resource", "resource"), ("identity", "identity")]:
                if word in k_lc:
                    sub = name
                    break
            yield from policies(v, sub)
    elif isinstance(node, list):
        for v in node:
            yield from policies(v, kind)


def main():
    scenarios = sorted((REPO / "scenarios").glob("*.json"))
    for f in case_files() + scenarios:
        for kind, doc in policies(json.loads(f.read_text())):
            text = json.dumps(doc, indent=2)
            put("policy", bytes([KINDS.index(kind)]) + text.encode())
            # The same document against the other requests (fuzz_targets/policy.rs).
            put("policy", bytes([KINDS.index(kind) + 9 * 3]) + text.encode())
    for f in case_files():
        cases = json.loads(f.read_text())
        for case in cases if isinstance(cases, list) else [cases]:
            put("casefile", json.dumps([case], indent=2))
    for f in scenarios:
        text = f.read_text()
        put("scenario", text)
        raw = zlib.compressobj(9, zlib.DEFLATED, -15)
        payload = raw.compress(text.encode()) + raw.flush()
        put("share", "#scenario/" + base64.urlsafe_b64encode(payload).decode().rstrip("="))
    imports = sorted((REPO / "engine" / "tests" / "import").glob("*.json"))
    for f in imports:
        put("import", f.read_text())
    put("import", "\0".join(f.read_text() for f in imports))
    for d in sorted(CORPUS.iterdir()):
        print(f"{d.name}: {len(list(d.iterdir()))} seeds")


if __name__ == "__main__":
    main()
