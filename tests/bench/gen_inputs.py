#!/usr/bin/env python3
"""Writes the inputs of tests/bench/cli_throughput.sh into a directory (never committed:
they are large). Deterministic: the same files on every run.

  suite.json       6,800 cases: the conformance suite (tests/cases/*.json) cycled, each
                   copy renamed, minified (about 4 MB)
  big_policy.json  one case whose identity policy has 200,000 statements (about 15 MB),
                   none of which matches but the last
  big_cases.json   20,000 cases of about 3 KB each (about 60 MB): an identity policy of
                   nine statements with conditions, a boundary, SCP levels, and a
                   resource policy, pretty-printed as people write them

Usage: gen_inputs.py DIR
"""
import glob
import json
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ACCT = "111122223333"
OTHER = "444455556666"


def suite(out):
    cases = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "cases", "*.json"))):
        with open(path, encoding="utf-8") as f:
            cases += json.load(f)
    copies = []
    for i in range(6800):
        case = dict(cases[i % len(cases)])
        case["name"] = f"{case['name']} #{i // len(cases)}"
        copies.append(case)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(copies, f, separators=(",", ":"))


def big_policy(out):
    statements = [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b{i}/*"}
        for i in range(199_999)
    ]
    statements.append(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}
    )
    case = {
        "name": "200,000 statements",
        "principal": {"arn": f"arn:aws:iam::{ACCT}:user/alice"},
        "identity_policies": [{"Version": "2012-10-17", "Statement": statements}],
        "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::reports/q1.csv"},
        "expected": "Allow",
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump([case], f, separators=(",", ":"))


ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:StartInstances",
           "dynamodb:GetItem", "sqs:SendMessage", "kms:Decrypt", "iam:GetUser"]


def statement(rng, effect, i):
    bucket = f"data-{rng.randrange(50)}"
    s = {
        "Sid": f"Stmt{i}",
        "Effect": effect,
        "Action": rng.sample(ACTIONS, 3),
        "Resource": [f"arn:aws:s3:::{bucket}/*", f"arn:aws:s3:::{bucket}"],
    }
    kind = rng.randrange(4)
    if kind == 0:
        s["Condition"] = {"StringEquals": {"aws:PrincipalTag/team": ["blue", "green"]}}
    elif kind == 1:
        s["Condition"] = {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}
    elif kind == 2:
        s["Condition"] = {"Bool": {"aws:SecureTransport": "true"},
                          "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}
    return s


def decision(statements, action, bucket):
    """The decision for a request on an object of `bucket`: every condition written by
    `statement` holds for the context of `big_cases`, the boundary and SCPs allow it,
    and the resource policy names another account."""
    def matches(s):
        return action in s["Action"] and f"arn:aws:s3:::{bucket}/*" in s["Resource"]
    if any(matches(s) for s in statements if s["Effect"] == "Deny"):
        return "ExplicitDeny"
    if any(matches(s) for s in statements):
        return "Allow"
    return "ImplicitDeny"


def big_cases(out):
    rng = random.Random(9)
    cases = []
    for i in range(20_000):
        bucket = f"data-{rng.randrange(50)}"
        action = rng.choice(ACTIONS[:3])
        identity = {"Version": "2012-10-17",
                    "Statement": [statement(rng, "Allow", j) for j in range(8)]
                    + [statement(rng, "Deny", 8)]}
        case = {
            "name": f"case {i}",
            "doc": "Generated for the throughput benchmark.",
            "principal": {"arn": f"arn:aws:iam::{ACCT}:user/user{i % 97}"},
            "identity_policies": [identity],
            "permissions_boundary": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]},
            "scps": [[{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"}]}],
                [{"Version": "2012-10-17", "Statement": [
                    {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
                    {"Effect": "Allow", "Action": "*", "Resource": "*"}]}]],
            "resource_policy": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                 "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]},
            "request": {
                "action": action,
                "resource": f"arn:aws:s3:::{bucket}/key-{i}",
                "context": {"aws:SourceIp": f"10.1.{i % 250}.7",
                            "aws:PrincipalTag/team": "blue",
                            "aws:SecureTransport": "true",
                            "aws:CurrentTime": "2026-06-01T00:00:00Z"},
            },
        }
        case["expected"] = decision(identity["Statement"], action, bucket)
        cases.append(case)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(cases, f)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    suite(os.path.join(out, "suite.json"))
    big_policy(os.path.join(out, "big_policy.json"))
    big_cases(os.path.join(out, "big_cases.json"))


if __name__ == "__main__":
    main()
